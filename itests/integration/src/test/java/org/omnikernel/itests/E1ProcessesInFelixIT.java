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
 * Experiment E1 (seed §5.4) on real processes in Felix: the thread, message-queue and process
 * resources, the system-call bundle and the burn program join the kernel's bundles; three burn
 * processes with one thread per core run under TR round robin, their CPU aggregates weighted
 * 50/33/17 at the WFQ CPU scheduler. The checks of {@link E1FelixRun} hold: every CPUA within
 * ±{@value E1FelixRun#TOLERANCE_PP} percentage points of its entitlement, the files agreeing with
 * the report, and nothing of the processes left afterwards.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class E1ProcessesInFelixIT extends E1FelixRun {

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
        return "processes";
    }

    @Override
    List<String> extraBundles() {
        return List.of("syscall", "storageapi", "thread", "mqueue", "process", "fileio", "programs");
    }

    @Override
    String activityPrefix() {
        return "burn.";
    }
}
