package org.omnikernel.http.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.http.access.AuditRecord;

class AuditFileTest {

    @TempDir
    Path dir;

    @Test
    void eachRecordIsOneJsonLineAndReadsBackAfterARestart() throws Exception {
        Path file = dir.resolve("log/audit.jsonl");
        AuditFile log = new AuditFile(file);
        log.append(new AuditRecord(Instant.parse("2026-11-27T10:00:00Z"), "admin", "127.0.0.1", "POST /api/edits/swap",
                Map.of("target", "resource.pong", "scheduler", "propshare.wfq"), "applied", 200, "swapped\nfine"));
        log.append(new AuditRecord(Instant.parse("2026-11-27T10:00:01Z"), "", "10.0.0.1", "POST /api/edits/cores",
                Map.of(), "denied", 401, "log in first"));
        log.close();

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"time\":\"2026-11-27T10:00:00Z\",\"user\":\"admin\",\"remote\":\"127.0.0.1\","
                + "\"action\":\"POST /api/edits/swap\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"message\":\"swapped\\nfine\""), "a line feed cannot split a record");

        AuditFile again = new AuditFile(file);
        List<AuditRecord> recent = again.recent(10);
        assertEquals(2, recent.size());
        assertEquals("propshare.wfq", recent.get(0).request().get("scheduler"));
        assertEquals("denied", recent.get(1).outcome());
        assertEquals(1, again.recent(1).size());
        assertEquals("denied", again.recent(1).get(0).outcome(), "the most recent");
        again.close();
    }
}
