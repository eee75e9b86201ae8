package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the launcher: {@code run --console-port N} creates the login on first start,
 * prints its password once, serves the API on 127.0.0.1 and nowhere else, and the printed password
 * (and only it) authenticates an edit, and the edit comes back in the next run from Config Admin's store
 * in the distribution ({@code var/configadmin}).
 */
class ConsoleIT {

    @TempDir
    Path temp;

    @Test
    void firstRunPrintsALoginThatAuthenticatesAndTheApiAnswersOnLoopback() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path credentials = temp.resolve("credentials.properties");
        List<String> jvm = List.of("-Domnikernel.http.credentials=" + credentials);
        // the distribution's own Config Admin store, as a user's runs use it; emptied so no other test inherits edits
        Path store = LauncherProcess.home().resolve("var/configadmin");
        deleteTree(store);
        try {
            runTwice(port, credentials, jvm);
        } finally {
            deleteTree(store);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private void runTwice(int port, Path credentials, List<String> jvm) throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(jvm, "run", "--cores", "2", "--console-port",
                Integer.toString(port))) {
            assertTrue(launcher.awaitStdout("Kernel running", Duration.ofSeconds(60)), launcher.transcript());
            Matcher m = Pattern.compile("password: (\\S+)").matcher(launcher.stdout());
            assertTrue(m.find(), launcher.transcript());
            String password = m.group(1);
            assertFalse(Files.readString(credentials).contains(password), "only the hash is stored");
            assertTrue(launcher.stdout().contains("http://127.0.0.1:" + port + "/"), launcher.transcript());

            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> stats = client.send(HttpRequest.newBuilder(URI.create(base + "/api/statistics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stats.statusCode(), stats.body());

            String body = "{\"target\":\"resource.burn.a\",\"cpushare\":5000}";
            HttpResponse<String> wrong = client.send(edit(base, body, "admin:" + password + "x"), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode(), wrong.body());
            HttpResponse<String> right = client.send(edit(base, body, "admin:" + password), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, right.statusCode(), right.body());
            HttpResponse<String> grid = client.send(HttpRequest.newBuilder(URI.create(base + "/api/grid")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(grid.body().contains("\"target\":\"resource.burn.a\""), grid.body());
            assertTrue(Files.readString(LauncherProcess.home().resolve("log/audit.jsonl")).contains("\"cpushare\":5000"),
                    "the edit is in the distribution's audit log");

            // conf/config/org.omnikernel.driver.filedisk-disk0.cfg declares the default disk (File Install)
            String withDisk = grid.body();
            for (int i = 0; i < 200 && !withDisk.contains("ext2r.disk0"); i++) {
                Thread.sleep(100); // File Install polls its directory; the device's resources and the mount come after
                withDisk = client.send(HttpRequest.newBuilder(URI.create(base + "/api/grid")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
            assertTrue(withDisk.contains("drwr.disk0"), withDisk);
            // conf/config/org.omnikernel.resource.stor.mount-fs.cfg mounts it at /fs, formatted by the kernel if blank
            assertTrue(withDisk.contains("ext2r.disk0"), withDisk);
            // and the storage resources above it: SDRWR and STOR
            assertTrue(withDisk.contains("resource.sdrwr") && withDisk.contains("resource.stor"), withDisk);
            assertEquals(256L << 20, Files.size(LauncherProcess.home().resolve("var/disk0.img")), "created on first start");

            InetAddress other = nonLoopbackAddress();
            if (other != null) { // a machine with no other interface has nothing more to show
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other, port), 2000);
                    fail("by default the console must listen on 127.0.0.1 only, yet " + other + " accepted");
                } catch (ConnectException expected) {
                    // refused: nothing listens there
                }
            }

            launcher.terminate();
            assertTrue(launcher.awaitExit(Duration.ofSeconds(20)), launcher.transcript());
        }
        // the next run of the same distribution finds the edit again, through Config Admin's store
        try (LauncherProcess again = LauncherProcess.start(jvm, "run", "--cores", "2", "--console-port",
                Integer.toString(port))) {
            assertTrue(again.awaitStdout("Kernel running", Duration.ofSeconds(60)), again.transcript());
            HttpClient client = HttpClient.newHttpClient();
            String export = "";
            for (int i = 0; i < 100 && !export.contains("resource.burn.a"); i++) {
                Thread.sleep(100); // the burn resources attach just after the kernel reports running
                export = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/grid/export")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
            Matcher burnA = Pattern.compile("resource=\"resource\\.burn\\.a\"[^>]*cpushare=\"(\\d+)\"").matcher(export);
            assertTrue(burnA.find(), export);
            assertEquals("5000", burnA.group(1), "the cpushare edited in the previous run: " + export);
            again.terminate();
            assertTrue(again.awaitExit(Duration.ofSeconds(20)), again.transcript());
        }
    }

    private static InetAddress nonLoopbackAddress() throws java.io.IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address;
                    }
                }
            }
        }
        return null;
    }

    private static HttpRequest edit(String base, String json, String userColonPassword) {
        return HttpRequest.newBuilder(URI.create(base + "/api/edits/cpushare"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
