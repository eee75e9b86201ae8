package org.omnikernel.okrt.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Metric;

class SchedulerConfigParserTest {

    private static final GridCatalog CATALOG = new GridCatalog(Set.of("resource.tcp", "resource.scsi", "resource.thread", "drwr.*"),
            Set.of("propshare.wfq", "roundrobin"));

    private static SchedulerConfig parse(int cores, String xml) throws ConfigException {
        return new SchedulerConfigParser(CATALOG, cores).parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                "grid.xml");
    }

    private static ConfigException refused(String xml) {
        return assertThrows(ConfigException.class, () -> parse(8, xml));
    }

    @Test
    void readsTheSeedsFigure315() throws Exception {
        SchedulerConfig c = parse(8, """
                <?xml version="1.0"?>
                <schedulerconfig maxcores="8">
                  <!-- CPU resource scheduler -->
                  <cpuscheduler scheduler="propshare.wfq" core="0-?"/>
                  <resourcescheduler resource="resource.tcp" metric="cpu" scheduler="propshare.wfq" core="0-?" cpushare="10000"/>
                  <resourcescheduler resource="resource.scsi" metric="nbytes" scheduler="roundrobin" core="0" cpushare="500"/>
                  <resourcescheduler resource="resource.thread" metric="cpu" scheduler="propshare.wfq" core="6,7" cpushare="10000"/>
                </schedulerconfig>
                """);
        assertEquals(8, c.cores());
        assertEquals("propshare.wfq", c.cpu().scheduler());
        assertEquals(Metric.NBYTES, c.schedulerFor("resource.scsi").orElseThrow().metric());
        assertArrayEquals(new int[] {6, 7}, c.schedulerFor("resource.thread").orElseThrow().cores().toArray());
        assertEquals(500, c.schedulerFor("resource.scsi").orElseThrow().cpushare());
        assertTrue(c.schedulerFor("resource.other").isEmpty(), "no default entry");
    }

    @Test
    void maxcoresBoundsOpenRangesAndTheDefaultEntryCoversUnnamedResources() throws Exception {
        SchedulerConfig c = parse(16, "<schedulerconfig maxcores='4' batch='3'><cpuscheduler scheduler='roundrobin' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='roundrobin' core='1-?'><param name='quantum' value='2'/>"
                + "</resourcescheduler></schedulerconfig>");
        assertEquals(4, c.cores());
        SchedulerSpec s = c.schedulerFor("resource.tcp").orElseThrow();
        assertEquals("resource.tcp", s.resource());
        assertArrayEquals(new int[] {1, 2, 3}, s.cores().toArray());
        assertEquals(3, s.batch());
        assertEquals("2", s.parameters().get("quantum"));
    }

    @Test
    void anEmptyCoreRangeNamesFileLineFieldAndValidForms() {
        ConfigException e = refused("<schedulerconfig>\n<cpuscheduler scheduler='roundrobin' core='0-?'/>\n"
                + "<resourcescheduler resource='resource.tcp' scheduler='roundrobin' core='9-3'/>\n</schedulerconfig>");
        assertEquals(3, e.line());
        assertEquals("resourcescheduler/@core", e.field());
        assertTrue(e.getMessage().startsWith("grid.xml:3: resourcescheduler/@core:"), e.getMessage());
        assertTrue(e.getMessage().contains("9-3") && e.getMessage().contains("valid:"), e.getMessage());
    }

    @Test
    void unknownSchedulerAndResourceListTheValidChoices() {
        ConfigException s = refused("<schedulerconfig><cpuscheduler scheduler='propshare.wf2q' core='0-?'/></schedulerconfig>");
        assertTrue(s.getMessage().contains("unknown scheduler \"propshare.wf2q\"; valid: [propshare.wfq, roundrobin]"),
                s.getMessage());
        ConfigException r = refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'/>"
                + "<resourcescheduler resource='resource.udp' scheduler='roundrobin'/></schedulerconfig>");
        assertTrue(r.getMessage().contains("unknown resource \"resource.udp\"")
                && r.getMessage().contains("drwr.*, resource.scsi, resource.tcp, resource.thread"), r.getMessage());
    }

    @Test
    void aDeclaredFamilyAdmitsItsMembersOnly() throws Exception {
        SchedulerConfig c = parse(2, "<schedulerconfig><cpuscheduler scheduler='roundrobin'/>"
                + "<resourcescheduler resource='drwr.disk0' scheduler='propshare.wfq' metric='nbytes'/></schedulerconfig>");
        assertEquals("drwr.disk0", c.resources().get(0).resource());
        for (String bad : new String[] {"drwr.", "drwr", "drwrx.disk0"}) {
            ConfigException e = refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'/>"
                    + "<resourcescheduler resource='" + bad + "' scheduler='roundrobin'/></schedulerconfig>");
            assertTrue(e.getMessage().contains("unknown resource \"" + bad + "\""), e.getMessage());
        }
    }

    @Test
    void malformedXmlAndBadValuesAreRefusedWithWhereAndWhy() {
        ConfigException xml = refused("<schedulerconfig>\n<cpuscheduler scheduler='roundrobin'>\n</schedulerconfig>");
        assertEquals("xml", xml.field());
        assertEquals(3, xml.line());
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin' core='0-?' wieght='3'/></schedulerconfig>")
                .getMessage().contains("cpuscheduler/@wieght: unknown attribute; valid: [batch, core, metric, scheduler]"));
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin' core='12'/></schedulerconfig>")
                .getMessage().contains("core 12 in \"12\" does not exist: this kernel runs cores 0-7"));
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'/><resourcescheduler resource='*' "
                + "scheduler='roundrobin' cpushare='-5'/></schedulerconfig>").getMessage().contains("cpushare"));
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin' metric='CPU Time'/></schedulerconfig>")
                .getMessage().contains("cpuscheduler/@metric"));
        assertTrue(refused("<schedulerconfig/>").getMessage().contains("cpuscheduler: missing"));
        assertTrue(refused("<grid/>").getMessage().contains("root element must be <schedulerconfig>"));
        assertTrue(refused("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><schedulerconfig/>").getMessage()
                .contains("malformed"), "no external entities");
    }

    @Test
    void resourceSchedulersMayOnlyUseCoresTheCpuSchedulerRuns() {
        ConfigException e = refused("<schedulerconfig><cpuscheduler scheduler='roundrobin' core='0-3'/>"
                + "<resourcescheduler resource='resource.tcp' scheduler='roundrobin' core='2-5'/></schedulerconfig>");
        assertTrue(e.getMessage().contains("cores 4,5") && e.getMessage().contains("cpuscheduler"), e.getMessage());
    }

    @Test
    void compartmentsNestUnderTheCpuSchedulerOrEachOther() throws Exception {
        SchedulerConfig c = parse(4, "<schedulerconfig><cpuscheduler scheduler='roundrobin' core='0-?'/>"
                + "<compartment name='web' scheduler='propshare.wfq' cpushare='6000' core='0-2'/>"
                + "<compartment name='web.static' parent='web' scheduler='roundrobin' core='1,2'/>"
                + "<resourcescheduler resource='resource.tcp' compartment='web.static' scheduler='roundrobin' core='2'/>"
                + "</schedulerconfig>");
        assertEquals(2, c.compartments().size());
        assertEquals(null, c.compartments().get(0).parent());
        assertEquals(6000, c.compartments().get(0).cpushare());
        assertEquals("web", c.compartments().get(1).parent());
        assertEquals("web.static", c.schedulerFor("resource.tcp").orElseThrow().parent());
    }

    @Test
    void aCompartmentMustBeDefinedAboveItsUsersAndRunOnItsParentsCores() {
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'/>"
                + "<resourcescheduler resource='resource.tcp' compartment='web' scheduler='roundrobin'/></schedulerconfig>")
                .getMessage().contains("resourcescheduler/@compartment: no compartment \"web\" is defined above this line"));
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'/>"
                + "<compartment name='a' parent='b' scheduler='roundrobin'/>"
                + "<compartment name='b' parent='a' scheduler='roundrobin'/></schedulerconfig>")
                .getMessage().contains("compartment/@parent: no compartment \"b\""), "no cycles: parents come first");
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'/>"
                + "<compartment name='web' scheduler='roundrobin' core='0'/>"
                + "<resourcescheduler resource='resource.tcp' compartment='web' scheduler='roundrobin' core='0-1'/>"
                + "</schedulerconfig>").getMessage().contains("uses cores 1 where compartment web does not run"));
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'/>"
                + "<compartment name='web' scheduler='roundrobin'/><compartment name='web' scheduler='roundrobin'/>"
                + "</schedulerconfig>").getMessage().contains("\"web\" is defined twice"));
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'/>"
                + "<compartment name='Web Tier' scheduler='roundrobin'/></schedulerconfig>").getMessage()
                .contains("is not a compartment name"));
    }

    @Test
    void clientParametersTellTheParentSchedulerMoreThanTheShare() throws Exception {
        SchedulerConfig c = parse(2, "<schedulerconfig><cpuscheduler scheduler='roundrobin'/>"
                + "<resourcescheduler resource='resource.tcp' scheduler='roundrobin' cpushare='7'>"
                + "<clientparam name='priority' value='5'/></resourcescheduler></schedulerconfig>");
        assertEquals(org.omnikernel.okrt.Parameters.of("priority", "5", "share", "7"),
                c.schedulerFor("resource.tcp").orElseThrow().cpuClientParameters());
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'><clientparam name='x' value='1'/>"
                + "</cpuscheduler></schedulerconfig>").getMessage().contains("<clientparam> belongs inside"));
        assertTrue(refused("<schedulerconfig><cpuscheduler scheduler='roundrobin'/><resourcescheduler resource='*' "
                + "scheduler='roundrobin'><clientparam name='share' value='1'/></resourcescheduler></schedulerconfig>")
                .getMessage().contains("share is given by the cpushare attribute"));
    }

    @Test
    void theFallbackSchedulerIsNamedOrOkrtsOwn() throws Exception {
        assertEquals("okrt.fifo", parse(2, "<schedulerconfig><cpuscheduler scheduler='roundrobin'/></schedulerconfig>")
                .fallback());
        assertEquals("roundrobin", parse(2, "<schedulerconfig fallback='roundrobin'><cpuscheduler scheduler='roundrobin'/>"
                + "</schedulerconfig>").fallback());
        assertTrue(refused("<schedulerconfig fallback='propshare.gone'><cpuscheduler scheduler='roundrobin'/>"
                + "</schedulerconfig>").getMessage().contains("schedulerconfig/@fallback: unknown scheduler \"propshare.gone\""));
    }
}
