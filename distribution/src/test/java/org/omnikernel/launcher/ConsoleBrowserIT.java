package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's headless Chromium through Selenium) against the real
 * launcher ({@code run --console-port N}), as an operator uses it: a wrong password is refused and
 * changes nothing; after logging in the grid shows; burn processes started from the console load the
 * CPU; swapping the CPU scheduler to WFQ moves their shares on the live chart from even to 3:1; a core
 * range beyond the machine is refused with the API's message under the field; a file that is not a
 * bundle and a bundle that cannot resolve are refused with the framework's reason; the RAM-disk driver
 * bundle uploaded and started puts its device into the grid; E1 runs in a child JVM and its samples
 * are plotted; the audit log lists every edit; logging out disables the edits.
 *
 * <p>One launcher and one browser for all steps, in order (the suite's time matters). Each step
 * saves a screenshot into {@code docs/console/}, which the user guide shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    /** Chromium's flags: headless, as root in CI, and no attempt to reach the network on its own. */
    static final List<String> CHROMIUM_FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
            "--window-size=1400,1050");

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Path temp;
    private LauncherProcess launcher;
    private WebDriver browser;
    private String base;
    private String password;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startKernelAndBrowser() throws Exception {
        temp = Files.createTempDirectory("console-browser-it");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        // its own login and its own Config Admin store: the distribution's stay as they were
        launcher = LauncherProcess.start(List.of("-Domnikernel.http.credentials=" + temp.resolve("login.properties"),
                "-Dfelix.cm.dir=" + temp.resolve("configadmin")), "run", "--cores", "2", "--console-port", Integer.toString(port));
        assertTrue(launcher.awaitStdout("Kernel running", Duration.ofSeconds(120)), launcher.transcript());
        Matcher m = Pattern.compile("password: (\\S+)").matcher(launcher.stdout());
        assertTrue(m.find(), launcher.transcript());
        password = m.group(1);

        for (String binary : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            assertTrue(Files.isExecutable(Path.of(binary)), binary + " is missing: apt-get install chromium chromium-driver"
                    + " (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(CHROMIUM_FLAGS);
        options.addArguments("--user-data-dir=" + temp.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.get(base + "/");
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (launcher != null) {
            launcher.terminate();
            launcher.awaitExit(Duration.ofSeconds(30));
            launcher.close();
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedAndChangesNothing() throws Exception {
        String gridBefore = cpuScheduler();
        type("login-password", password + "x");
        click("login-button");
        WebElement error = waitFor(By.id("login-error"), e -> e.getText().contains("401"));
        assertTrue(error.getText().contains("login refused"), error.getText());
        assertFalse(browser.findElement(By.id("logged-in")).isDisplayed(), "not logged in");
        assertEquals(gridBefore, cpuScheduler(), "the grid is as it was");
        screenshot("login-refused");
    }

    @Test
    @Order(2)
    void loggedInTheGridShowsSchedulersResourcesAndCores() throws Exception {
        type("login-password", password);
        click("login-button");
        waitFor(By.id("session-user"), e -> e.getText().equals("logged in as admin"));
        click("tab-grid");
        waitFor(By.cssSelector("#grid-graph g.node[data-name='okrt.cpu']"), WebElement::isDisplayed);
        waitFor(By.cssSelector("#grid-graph g.node[data-name='resource.process']"), WebElement::isDisplayed);
        assertEquals(2, browser.findElements(By.cssSelector("#cores .core")).size(), "two cores, each with its load");
    }

    @Test
    @Order(3)
    void processesStartedFromTheConsoleShowInTheTopTable() throws Exception {
        click("tab-activities");
        startBurn(3000);
        startBurn(1000);
        waitFor(By.id("process-table"), e -> e.findElements(By.cssSelector("tbody tr")).size() == 2);
        // the top table shows the CPU aggregates' load
        waitFor(By.id("activity-table"), e -> e.getText().contains("burn.1.cpua") && e.getText().contains("pid 1 (burn)"));
        click("tab-grid");
        // TR instances send themselves their timeslices: a path with a live rate appears
        waitFor(By.cssSelector("#grid-graph path.path[data-source='resource.tr.1']"), e -> Double.parseDouble(
                e.getAttribute("data-messages-per-second")) > 0);
        screenshot("grid");
        click("tab-activities");
        waitFor(By.id("activity-table"), e -> e.getText().contains("burn.2.cpua") && e.getText().contains("pid 2 (burn)"));
        waitFor(By.cssSelector("#activity-table tbody tr td.cpu"), e -> !e.getText().startsWith("0.0"));
        screenshot("activities");
        // suspend and resume the second process: its CPU aggregate stops getting the CPU, then gets it again
        By second = By.cssSelector("#process-table tr[data-pid='2']");
        clickIn(second, "button.suspend");
        waitFor(second, e -> e.getText().contains("suspended"));
        assertTrue(get("/api/processes").contains("\"share\":1000,\"suspended\":true"), "PR says so too");
        clickIn(second, "button.resume");
        waitFor(second, e -> e.getText().contains("running"));
        assertTrue(get("/api/processes").contains("\"share\":1000,\"suspended\":false"));
    }

    @Test
    @Order(4)
    void swappingTheCpuSchedulerToWfqMovesTheSharesOnTheChart() throws Exception {
        click("tab-resources");
        click(By.cssSelector("#target-list li[data-target='okrt.cpu']"));
        waitFor(By.id("current-scheduler"), e -> e.getText().equals("roundrobin"));
        // round robin: turns, not weights; both get about half, whatever their cpushare
        assertTrue(get("/api/processes").contains("\"resource\":\"resource.tr.1\",\"policy\":\"roundrobin\",\"share\":3000"),
                "the first process's CPU aggregate is resource.tr.1, cpushare 3000");
        By heavy = By.cssSelector("#share-chart path.series[data-name='resource.tr.1']");
        // a single second swings when the machine is loaded: wait for the last five to average about half
        WebElement line = waitFor(heavy, e -> Integer.parseInt(e.getAttribute("data-samples")) >= 5 && recent(e) > 35 && recent(e) < 62);
        double before = recent(line);

        new Select(browser.findElement(By.id("field-scheduler"))).selectByVisibleText("propshare.wfq");
        click("apply-scheduler");
        waitFor(By.id("edit-result"), e -> e.getText().startsWith("applied"));
        waitFor(By.id("current-scheduler"), e -> e.getText().equals("propshare.wfq"));
        // WFQ by cpushare 3000:1000: 75 % and 25 %
        line = waitFor(heavy, e -> recent(e) > 65);
        double after = recent(line);
        double light = recent(browser.findElement(By.cssSelector("#share-chart path.series[data-name='resource.tr.2']")));
        assertTrue(light < 35, "resource.tr.2 (cpushare 1000) about a quarter, got " + light + " %; resource.tr.1 went from "
                + before + " % to " + after + " %");
        screenshot("scheduler-swap");
    }

    @Test
    @Order(5)
    void aCoreRangeBeyondTheMachineIsRefusedUnderTheField() throws Exception {
        type("field-cores", "0-9");
        click("apply-cores");
        WebElement error = waitFor(By.id("error-cores"), e -> !e.getText().isEmpty());
        assertTrue(error.getText().contains("refused (400)") && error.getText().contains("does not exist"), error.getText());
        assertTrue(browser.findElement(By.id("field-cores")).getAttribute("class").contains("invalid"));
        assertTrue(get("/api/grid").contains("\"target\":\"okrt.cpu\",\"kind\":\"CPU\",\"parent\":\"\",\"scheduler\":\"propshare.wfq\""),
                "the scheduler stays as it was");
        assertTrue(get("/api/grid").contains("\"cores\":\"0-?\""), "the cores stay as they were");
        screenshot("bad-input");
    }

    @Test
    @Order(6)
    void aFileThatIsNotABundleAndABundleThatCannotResolveAreRefusedWithTheFrameworksReason() throws Exception {
        click("tab-bundles");
        Path text = temp.resolve("notes.jar");
        Files.writeString(text, "not a jar at all\n");
        upload(text);
        WebElement error = waitFor(By.id("error-file"), e -> !e.getText().isEmpty());
        assertTrue(error.getText().contains("refused (400)") && error.getText().contains("notes.jar"), error.getText());

        Path unresolvable = bundleImporting("org.example.unresolvable", "org.example.nowhere");
        upload(unresolvable);
        error = waitFor(By.id("error-file"), e -> e.getText().contains("org.example.nowhere"));
        assertTrue(error.getText().contains("cannot resolve"), error.getText());
        assertFalse(get("/api/bundles").contains("org.example.unresolvable"), "a refused upload is not left installed");
        screenshot("bundle-refused");
    }

    @Test
    @Order(7)
    void anUploadedDriverBundleStartedFromTheConsolePutsItsDeviceInTheGrid() throws Exception {
        Path driver = Path.of(System.getProperty("console.driverBundle"));
        upload(driver);
        waitFor(By.id("bundle-result"), e -> e.getText().contains("installed org.omnikernel.itest.ramdisk"));
        By row = By.cssSelector("#bundle-table tr[data-bsn='org.omnikernel.itest.ramdisk']");
        clickIn(row, "button.start");
        waitFor(row, e -> "ACTIVE".equals(e.getAttribute("data-state")));
        waitFor(By.cssSelector("#device-list li[data-device='ram0']"), WebElement::isDisplayed);
        waitFor(row, e -> e.findElement(By.cssSelector("td.devices")).getText().contains("ram0"));
        screenshot("bundles");
        click("tab-grid");
        waitFor(By.cssSelector("#grid-graph g.node[data-kind='device'][data-name='ram0']"), WebElement::isDisplayed);
    }

    @Test
    @Order(8)
    void e1RunsInAChildJvmAndItsSamplesArePlotted() throws Exception {
        click("tab-experiments");
        type("exp-seconds", "4");
        new Select(browser.findElement(By.id("exp-mode"))).selectByValue("synthetic");
        click("exp-start");
        waitFor(By.id("exp-run-state"), e -> e.getText().equals("running"));
        waitFor(By.id("exp-run-state"), e -> e.getText().equals("done"), Duration.ofSeconds(180));
        List<WebElement> lines = browser.findElements(By.cssSelector("#exp-chart path.series"));
        assertEquals(3, lines.size(), "a, b and c");
        for (WebElement l : lines) {
            assertFalse(l.getAttribute("data-recent").isEmpty(), "every activity has samples");
        }
        assertEquals(3, browser.findElements(By.cssSelector("#exp-chart line.ref")).size(), "the entitlements");
        screenshot("experiment-e1");
    }

    @Test
    @Order(9)
    void theAuditLogShowsEveryEditAndLoggingOutDisablesEdits() throws Exception {
        click("tab-audit");
        WebElement table = waitFor(By.id("audit-table"), e -> e.getText().contains("POST /api/edits/swap"));
        String text = table.getText();
        assertTrue(text.contains("POST /api/session") && text.contains("denied"), "the refused login: " + text);
        assertTrue(text.contains("POST /api/edits/cores") && text.contains("refused"), text);
        assertTrue(text.contains("POST /api/bundles/start") && text.contains("POST /api/processes"), text);
        assertTrue(text.contains("POST /api/experiments"), text);
        screenshot("audit");

        click("logout-button");
        waitFor(By.id("login-form"), WebElement::isDisplayed);
        click("tab-resources");
        assertFalse(browser.findElement(By.id("apply-scheduler")).isEnabled(), "edits need a session");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/api/edits/batch"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"target\":\"okrt.cpu\",\"batch\":4}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
    }

    // ---- steps -------------------------------------------------------------------------------------

    private void startBurn(int share) {
        type("proc-program", "burn");
        type("proc-args", "2");
        type("proc-share", Integer.toString(share));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('process-result').textContent='';");
        click("proc-start");
        waitFor(By.id("process-result"), e -> e.getText().startsWith("started process"));
    }

    private void upload(Path file) {
        WebElement input = browser.findElement(By.id("bundle-file"));
        input.sendKeys(file.toAbsolutePath().toString());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('error-file').textContent=''; document.getElementById('bundle-result').textContent='';");
        click("bundle-upload");
    }

    /** A real bundle whose only import nothing exports: the resolver must refuse it. */
    private Path bundleImporting(String symbolicName, String missingPackage) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", missingPackage);
        Path jar = temp.resolve(symbolicName + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }

    private String cpuScheduler() throws Exception {
        String grid = get("/api/grid");
        Matcher m = Pattern.compile("\"target\":\"okrt.cpu\"[^}]*?\"scheduler\":\"([^\"]+)\"").matcher(grid);
        assertTrue(m.find(), grid);
        return m.group(1);
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private double recent(WebElement line) {
        String v = line.getAttribute("data-recent");
        return v == null || v.isEmpty() ? -1 : Double.parseDouble(v);
    }

    private void type(String id, String text) {
        WebElement e = waitFor(By.id(id), WebElement::isDisplayed);
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks a button in a table row; the tables are redrawn as figures arrive, so a row found may be gone at the click. */
    private void clickIn(By row, String button) {
        new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).withMessage(() -> "clicking " + button + " in " + row)
                .until(d -> {
                    try {
                        d.findElement(row).findElement(By.cssSelector(button)).click();
                        return true;
                    } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                        return false; // redrawn meanwhile: find it again
                    }
                });
    }

    private void click(String id) {
        click(By.id(id));
    }

    private void click(By by) {
        new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).withMessage(() -> "clicking " + by).until(d -> {
            try {
                WebElement e = d.findElement(by);
                if (!e.isDisplayed() || !e.isEnabled()) {
                    return false;
                }
                e.click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                return false; // redrawn meanwhile (the scheduler list is, each second): find it again
            }
        });
    }

    private WebElement waitFor(By by, java.util.function.Predicate<WebElement> condition) {
        return waitFor(by, condition, WAIT);
    }

    private WebElement waitFor(By by, java.util.function.Predicate<WebElement> condition, Duration timeout) {
        return new WebDriverWait(browser, timeout, Duration.ofMillis(200)).ignoring(
                org.openqa.selenium.StaleElementReferenceException.class).ignoring(org.openqa.selenium.NoSuchElementException.class)
                .withMessage(() -> "waiting for " + by + "; the page says: " + pageState() + "; launcher:\n" + tail(launcher.transcript()))
                .until(d -> {
                    WebElement e = d.findElement(by);
                    return condition.test(e) ? e : null;
                });
    }

    /** The stream's status line and who is logged in, for a failure's message. */
    private String pageState() {
        try {
            return "[" + browser.findElement(By.id("stream-status")).getText() + "] [" + browser.findElement(By.id("session-user")).getText()
                    + "] [" + browser.findElement(By.id("login-error")).getText() + "]";
        } catch (RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    private void screenshot(String name) throws IOException {
        String dir = System.getProperty("console.screenshots");
        if (dir == null) {
            return;
        }
        Path out = Path.of(dir, name + ".png");
        Files.createDirectories(out.getParent());
        Files.write(out, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
