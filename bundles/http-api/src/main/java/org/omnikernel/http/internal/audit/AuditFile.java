package org.omnikernel.http.internal.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import org.omnikernel.http.access.AuditLog;
import org.omnikernel.http.access.AuditRecord;
import org.omnikernel.http.internal.json.StrictJson;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The audit log as a file of JSON lines, one object per edit, appended and flushed before the
 * client gets its answer:
 *
 * <pre>
 * {"time":"2026-11-27T17:02:11.532Z","user":"admin","remote":"127.0.0.1","action":"POST /api/edits/swap",
 *  "request":{"target":"resource.pong","scheduler":"propshare.wfq"},"outcome":"applied","status":200,
 *  "message":"resource.pong now runs under propshare.wfq"}
 * </pre>
 *
 * The file is the framework property {@value #PROPERTY}, or {@code audit.jsonl} in the bundle's
 * data area. The last {@link #KEPT} records are also kept in memory for {@link #recent(int)}; they
 * are read back from the file at start, so the console's view survives restarts.
 */
@Component(service = AuditLog.class)
public final class AuditFile implements AuditLog {

    /** Framework property naming the file. */
    public static final String PROPERTY = "omnikernel.http.audit";
    /** Records kept in memory. */
    public static final int KEPT = 1000;

    private static final Logger LOG = Logger.getLogger(AuditFile.class.getName());

    private final Deque<AuditRecord> recent = new ArrayDeque<>();
    private Path file;
    private BufferedWriter out;

    /** For DS. */
    public AuditFile() {
    }

    /**
     * For tests.
     *
     * @param file the log file
     * @throws IOException when it cannot be opened
     */
    public AuditFile(Path file) throws IOException {
        open(file);
    }

    @Activate
    void activate(BundleContext context) throws IOException {
        String configured = context.getProperty(PROPERTY);
        open(configured == null || configured.isBlank() ? context.getDataFile("audit.jsonl").toPath() : Path.of(configured));
    }

    private synchronized void open(Path path) throws IOException {
        this.file = path.toAbsolutePath();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                AuditRecord r = parse(line);
                if (r != null) {
                    keep(r);
                }
            }
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Deactivate
    synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** @return the file the log is written to */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void append(AuditRecord record) {
        keep(record);
        try {
            out.write(StrictJson.write(toMap(record)));
            out.write('\n');
            out.flush();
        } catch (IOException | RuntimeException e) {
            // The edit has happened; losing its record is an operator's problem to see, not the client's.
            LOG.log(Level.SEVERE, "cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<AuditRecord> recent(int limit) {
        List<AuditRecord> all = new ArrayList<>(recent);
        return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, limit)), all.size()));
    }

    private void keep(AuditRecord r) {
        recent.addLast(r);
        while (recent.size() > KEPT) {
            recent.removeFirst();
        }
    }

    /**
     * @param r a record
     * @return its JSON shape, {@code time} as an ISO-8601 instant
     */
    public static Map<String, Object> toMap(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", r.time().toString());
        m.put("user", r.user());
        m.put("remote", r.remote());
        m.put("action", r.action());
        m.put("request", r.request());
        m.put("outcome", r.outcome());
        m.put("status", r.status());
        m.put("message", r.message());
        return m;
    }

    private static AuditRecord parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            Map<String, Object> m = StrictJson.mapper().readValue(line, new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> request = m.get("request") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
            return new AuditRecord(Instant.parse(String.valueOf(m.get("time"))), (String) m.get("user"),
                    (String) m.get("remote"), (String) m.get("action"), withoutNulls(request), (String) m.get("outcome"),
                    ((Number) m.get("status")).intValue(), (String) m.get("message"));
        } catch (IOException | RuntimeException e) {
            LOG.warning("skipping an unreadable audit log line: " + e.getMessage());
            return null;
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.values().removeIf(v -> v == null);
        return copy;
    }
}
