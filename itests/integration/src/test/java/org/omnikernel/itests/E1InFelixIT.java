package org.omnikernel.itests;

import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * E1 in synthetic mode in Felix: CPU-bound resources {@code resource.burn.a/b/c} stand in for the
 * thread resources of the seed's three processes; see {@link E1FelixRun} for what is checked.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class E1InFelixIT extends E1FelixRun {

    @Configuration
    public Option[] config() {
        return frameworkOptions();
    }

    @Test
    public void everyActivityGetsItsEntitlementAndTheFilesAgreeWithTheReport() throws Exception {
        super.everyActivityGetsItsEntitlementAndTheFilesAgreeWithTheReport();
    }

    @Override
    String mode() {
        return "synthetic";
    }

    @Override
    List<String> extraBundles() {
        return List.of("syscall", "storageapi");
    }

    @Override
    String activityPrefix() {
        return "e1.";
    }
}
