package org.omnikernel.http.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.grid.GridEdit;

class StrictJsonTest {

    private static <T> T read(String json, Class<T> type) throws Exception {
        return StrictJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type);
    }

    private static BadRequest refused(String json, Class<?> type) {
        return assertThrows(BadRequest.class, () -> read(json, type).getClass());
    }

    @Test
    void everyEditBodyMapsToItsGridEdit() throws Exception {
        assertEquals(new GridEdit.Swap("resource.pong", "propshare.wfq", Map.of("burst", "clamp")),
                read("{\"target\":\"resource.pong\",\"scheduler\":\"propshare.wfq\",\"parameters\":{\"burst\":\"clamp\"}}",
                        EditBody.Swap.class).toEdit());
        assertEquals(new GridEdit.Swap("okrt.cpu", "roundrobin", Map.of()),
                read("{\"target\":\"okrt.cpu\",\"scheduler\":\"roundrobin\"}", EditBody.Swap.class).toEdit());
        assertEquals(new GridEdit.SetCores("r", "0,2-3"), read("{\"target\":\"r\",\"cores\":\"0,2-3\"}", EditBody.Cores.class).toEdit());
        assertEquals(new GridEdit.SetCpuShare("r", 5000), read("{\"target\":\"r\",\"cpushare\":5000}", EditBody.CpuShare.class).toEdit());
        assertEquals(new GridEdit.SetMetric("r", "nbytes"), read("{\"target\":\"r\",\"metric\":\"nbytes\"}", EditBody.Metric.class).toEdit());
        assertEquals(new GridEdit.SetBatch("r", 4), read("{\"target\":\"r\",\"batch\":4}", EditBody.Batch.class).toEdit());
        assertEquals(new GridEdit.SetActivityParameters("42", Map.of("share", "3000")),
                read("{\"target\":\"42\",\"parameters\":{\"share\":\"3000\"}}", EditBody.ActivityParameters.class).toEdit());
        assertEquals(new GridEdit.Import("http", "<schedulerconfig/>"),
                read("{\"xml\":\"<schedulerconfig/>\"}", EditBody.Import.class).toEdit());
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnes() {
        BadRequest e = refused("{\"target\":\"r\",\"schedular\":\"x\"}", EditBody.Swap.class);
        assertEquals("schedular", e.field());
        assertTrue(e.getMessage().contains("unknown field \"schedular\""), e.getMessage());
        assertTrue(e.getMessage().contains("parameters, scheduler, target"), e.getMessage());
    }

    @Test
    void malformedJsonSaysWhere() {
        BadRequest e = refused("{\"target\":\"r\",", EditBody.Cores.class);
        assertNull(e.field());
        assertTrue(e.getMessage().startsWith("malformed JSON at line 1"), e.getMessage());
        assertTrue(refused("", EditBody.Cores.class).getMessage().contains("empty"));
        assertTrue(refused("{\"target\":\"r\",\"cores\":\"1\"} {}", EditBody.Cores.class).getMessage().toLowerCase().contains("trailing"),
                "trailing content");
        assertTrue(refused("[1]", EditBody.Cores.class).getMessage().length() > 0);
    }

    @Test
    void wrongTypesAreNotCoerced() {
        assertEquals("cpushare", refused("{\"target\":\"r\",\"cpushare\":\"5000\"}", EditBody.CpuShare.class).field());
        assertEquals("batch", refused("{\"target\":\"r\",\"batch\":2.5}", EditBody.Batch.class).field());
        assertEquals("target", refused("{\"target\":7,\"batch\":2}", EditBody.Batch.class).field());
        assertEquals("parameters.share", refused("{\"target\":\"1\",\"parameters\":{\"share\":3000}}",
                EditBody.ActivityParameters.class).field());
    }

    @Test
    void aDuplicateFieldIsRefused() {
        BadRequest e = refused("{\"target\":\"a\",\"target\":\"b\",\"cores\":\"1\"}", EditBody.Cores.class);
        assertTrue(e.getMessage().toLowerCase().contains("duplicate"), e.getMessage());
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        BadRequest e = assertThrows(BadRequest.class, () -> read("{\"target\":\"r\"}", EditBody.Swap.class).toEdit());
        assertEquals("scheduler", e.field());
        assertEquals("cpushare", assertThrows(BadRequest.class,
                () -> read("{\"target\":\"r\"}", EditBody.CpuShare.class).toEdit()).field());
        assertEquals("target", assertThrows(BadRequest.class,
                () -> read("{\"target\":\"x1\",\"parameters\":{\"a\":\"b\"}}", EditBody.ActivityParameters.class).toEdit()).field());
        assertEquals("parameters.a", assertThrows(BadRequest.class,
                () -> read("{\"target\":\"r\",\"scheduler\":\"s\",\"parameters\":{\"a\":null}}", EditBody.Swap.class).toEdit())
                .field());
        assertEquals("password", assertThrows(BadRequest.class,
                () -> read("{\"user\":\"admin\"}", LoginBody.class).checked()).field());
    }

    @Test
    void aLoginBodyNeverPrintsItsPassword() throws Exception {
        assertTrue(!read("{\"user\":\"admin\",\"password\":\"hunter2\"}", LoginBody.class).toString().contains("hunter2"));
    }

    @Test
    void editsAndOutcomesCarryTheirType() {
        String json = StrictJson.write(GridJson.outcome(new org.omnikernel.okrt.grid.EditOutcome(
                new GridEdit.SetCpuShare("r", 5), "r now has cpushare 5", 1200)));
        assertEquals("{\"applied\":true,\"edit\":{\"type\":\"cpushare\",\"target\":\"r\",\"cpushare\":5},"
                + "\"description\":\"r now has cpushare 5\",\"longestCorePauseNanos\":1200}", json);
        assertEquals("import", GridJson.type(new GridEdit.Import("f", "<x/>")));
        assertEquals("activity-parameters", GridJson.type(new GridEdit.SetActivityParameters("1", Map.of("a", "b"))));
    }
}
