package org.omnikernel.experiments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.config.ConfigException;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;

/** The entitlement is each resource's cpushare in the grid, as a fraction of their sum. */
class EntitlementTest {

    private static final List<String> ACTIVITIES = E1CpuAttribution.ACTIVITIES;
    private static final List<String> RESOURCES = E1CpuAttribution.RESOURCES;
    private static final GridCatalog CATALOG = new GridCatalog(Set.copyOf(RESOURCES),
            Set.of("propshare.wfq", "roundrobin", "okrt.fifo"));

    private static SchedulerConfig parse(String xml) throws ConfigException {
        return new SchedulerConfigParser(CATALOG, 2).parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                "grid.xml");
    }

    @Test
    void fiftyThirtyThreeSeventeenAreTheExactConfiguredFractions() {
        Entitlement e = new Entitlement(ACTIVITIES, RESOURCES, List.of(5000L, 3333L, 1667L));
        assertEquals(List.of(50.0, 33.33, 16.67), e.percents());
    }

    @Test
    void cpusharesComeFromEachResourcesOwnEntryOrTheDefaultOne() throws Exception {
        SchedulerConfig config = parse("""
                <schedulerconfig>
                  <cpuscheduler scheduler="propshare.wfq" core="0-?"><param name="loadshare" value="affinity-sticky"/></cpuscheduler>
                  <resourcescheduler resource="resource.burn.a" scheduler="propshare.wfq" cpushare="6000"/>
                  <resourcescheduler resource="resource.burn.b" scheduler="propshare.wfq" cpushare="3000"/>
                  <resourcescheduler resource="*" scheduler="roundrobin" cpushare="1000"/>
                </schedulerconfig>
                """);
        Entitlement e = GridEntitlement.of(config, ACTIVITIES, RESOURCES);
        assertEquals(List.of(6000L, 3000L, 1000L), e.cpushares());
        assertEquals(List.of(60.0, 30.0, 10.0), e.percents());
    }

    @Test
    void aResourceWithoutSchedulerIsNamed() throws Exception {
        SchedulerConfig config = parse("""
                <schedulerconfig>
                  <cpuscheduler scheduler="propshare.wfq"/>
                  <resourcescheduler resource="resource.burn.a" scheduler="propshare.wfq"/>
                </schedulerconfig>
                """);
        ExperimentFailure f = assertThrows(ExperimentFailure.class, () -> GridEntitlement.of(config, ACTIVITIES, RESOURCES));
        assertTrue(f.getMessage().contains("resource.burn.b"), f.getMessage());
    }

    @Test
    void aResourceInACompartmentIsRefused() throws Exception {
        SchedulerConfig config = parse("""
                <schedulerconfig>
                  <cpuscheduler scheduler="propshare.wfq"/>
                  <compartment name="left" scheduler="propshare.wfq" cpushare="5000"/>
                  <resourcescheduler resource="resource.burn.a" scheduler="propshare.wfq" compartment="left"/>
                  <resourcescheduler resource="*" scheduler="roundrobin"/>
                </schedulerconfig>
                """);
        ExperimentFailure f = assertThrows(ExperimentFailure.class, () -> GridEntitlement.of(config, ACTIVITIES, RESOURCES));
        assertTrue(f.getMessage().contains("compartment left"), f.getMessage());
    }

    @Test
    void mismatchedListsAndZeroSharesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Entitlement(ACTIVITIES, RESOURCES, List.of(1L, 2L)));
        assertThrows(IllegalArgumentException.class, () -> new Entitlement(ACTIVITIES, RESOURCES, List.of(1L, 0L, 2L)));
    }
}
