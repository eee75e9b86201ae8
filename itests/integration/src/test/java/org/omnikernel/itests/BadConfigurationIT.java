package org.omnikernel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.okrt.KernelStatus;
import org.omnikernel.okrt.Okrt;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** The same bundles as {@link KernelMessagingIT}, but a configuration naming a scheduler no bundle provides. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadConfigurationIT {

    static final String CONFIG_FILE = "bad-scheduler-schedulerconfig.xml";
    static final String CONFIG = """
            <?xml version="1.0"?>
            <schedulerconfig batch="8">
              <cpuscheduler scheduler="roundrobin" core="0-?"/>
              <resourcescheduler resource="*" metric="cpu" scheduler="no.such.scheduler" core="0-?"/>
            </schedulerconfig>
            """;

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig(CONFIG_FILE, CONFIG);
        return Itest.kernelFramework(file);
    }

    @Test
    public void badConfigurationStopsBootWithTheFileLineAndValidChoices() {
        ServiceReference<KernelStatus> ref = Itest.awaitService(KernelStatus.class, null);
        assertEquals("failed", ref.getProperty(KernelStatus.STATE));
        String error = (String) ref.getProperty(KernelStatus.ERROR);
        int badLine = lineOf("no.such.scheduler");
        String file = Path.of(System.getProperty(Itest.CONFIG_PROPERTY)).getFileName().toString();
        assertTrue("names the file: " + error, error.contains(file));
        assertTrue("names line " + badLine + " right after the file: " + error, error.contains(file + ":" + badLine + ":"));
        assertTrue("names the bad scheduler: " + error, error.contains("no.such.scheduler"));
        assertTrue("names a valid choice: " + error, error.contains("roundrobin"));
        assertEquals("failed", Itest.context().getService(ref).state());

        assertNull("no Okrt service on a bad configuration", Itest.context().getServiceReference(Okrt.class));
        assertEquals("only the failed status is registered", 1, countStatus());
        assertEquals("the OKRT bundle itself stays active", Bundle.ACTIVE, Itest.installedBundle("org.omnikernel.okrt").getState());
    }

    private static int countStatus() {
        try {
            ServiceReference<?>[] refs = Itest.context().getServiceReferences(KernelStatus.class.getName(), null);
            return refs == null ? 0 : refs.length;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the 1-based line of CONFIG containing the text */
    private static int lineOf(String text) {
        String[] lines = CONFIG.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalStateException(text + " is not in the configuration");
    }
}
