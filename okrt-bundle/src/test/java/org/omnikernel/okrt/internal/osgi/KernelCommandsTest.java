package org.omnikernel.okrt.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.internal.GridAdminImpl;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/** The shell's edit commands go through GridAdmin: one line per answer, refusals naming the field. */
class KernelCommandsTest {

    @Test
    void editCommandsAnswerInOneLineAndRefusalsNameTheField(@TempDir Path dir) throws Exception {
        GridCatalog catalog = new GridCatalog(Set.of("resource.a"), Set.of(FifoScheduler.NAME));
        String xml = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='0-?'/></schedulerconfig>";
        Map<String, SchedulerFactory> factories = Map.of(FifoScheduler.NAME, new FifoScheduler());
        Kernel kernel = new Kernel(new SchedulerConfigParser(catalog, 2)
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "shell.xml"), factories::get);
        kernel.start();
        try (GridAdminImpl admin = new GridAdminImpl(kernel, factories::keySet, () -> catalog, List::of,
                GridAdminImpl.Journal.NONE, 100)) {
            ResourceInterface iface = ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).build();
            Resource r = () -> iface;
            kernel.attach(r).orElseThrow();
            KernelCommands shell = new KernelCommands(kernel, admin);

            assertTrue(shell.swap("resource.a", FifoScheduler.NAME).startsWith("resource.a now runs under okrt.fifo"));
            assertEquals("refused: unknown scheduler \"nope\" for resource.a; no bundle provides it now; valid: [okrt.fifo] "
                    + "(field scheduler)", shell.swap("resource.a", "nope"));
            assertTrue(shell.swap("resource.a", "okrt.fifo", "oops").endsWith("(field parameters)"));
            assertTrue(shell.set("resource.a", "cores", "1").startsWith("resource.a {scheduler=okrt.fifo"));
            assertTrue(shell.set("resource.a", "batch", "3").contains("batch=3"));
            assertTrue(shell.set("resource.a", "batch", "x").equals("refused: \"x\" is not a whole number (field batch)"));
            assertTrue(shell.set("resource.a", "metric", "memory").contains("metric=memory"));
            String badMetric = shell.set("resource.a", "metric", "nbytes");
            assertTrue(badMetric.startsWith("refused: resource.a cannot share by nbytes") && badMetric.endsWith("(field metric)"),
                    badMetric);
            assertTrue(shell.set("resource.a", "metric", "cpu").contains("metric=cpu"));
            assertTrue(shell.set("resource.a", "colour", "red").endsWith("(field field)"));
            assertTrue(shell.set("resource.a", "cores", "1", "2").startsWith("refused: write one value"));
            assertTrue(shell.share("resource.a", 0).endsWith("(field cpushare)"));
            Activity act = kernel.createActivity("act", Parameters.EMPTY);
            assertTrue(shell.set("activity", Long.toString(act.id()), "share=3").contains("now has parameters {share=3}"));
            String top = shell.top();
            assertTrue(top.contains("core 0: handlers") && top.contains("core 1: handlers"), top);
            assertTrue(top.contains(act.id() + " ") && top.contains(" act "), top);
            assertTrue(shell.set("activity", "zz", "share=3").endsWith("(field target)"));

            String exported = shell.export();
            assertTrue(exported.contains("core=\"1\" batch=\"3\""), exported);
            Path file = dir.resolve("grid.xml");
            Files.writeString(file, exported.replace("core=\"1\" batch=\"3\"", "core=\"0\" batch=\"5\""));
            assertTrue(shell._import(file.toString()).contains("cores=0"));
            assertTrue(shell._import(dir.resolve("missing.xml").toString()).endsWith("(field file)"));
            assertTrue(shell.grid().contains("resource.a  okrt.fifo  metric=cpu cores=0 batch=5"), shell.grid());
        } finally {
            kernel.stop();
        }
    }
}
