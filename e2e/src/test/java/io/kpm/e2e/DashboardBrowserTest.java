package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web dashboard in a real browser: Debian's Chromium, driven through its chromedriver (both from apt; no
 * driver or browser is downloaded: their paths are given, so Selenium Manager never runs). One stack for all
 * cases: the page opened from {@code kpm dashboard}'s address shows the nodes, a job appearing and its ranks'
 * exit codes, output and events, kills a running job with its button (the gateway says it ended killed), shows
 * the groups an MPI program spawns under their spawner, and
 * drains a node with its button and undrains it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path work;
    private Path stateDir;
    private GatewayApi api;
    private ChromeDriverService service;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void up() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the dashboard test needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("e2e-work"));
        stateDir = target.resolve("e2e-dashboard-" + System.nanoTime());
        int basePort = Kpm.freeBasePort();
        api = new GatewayApi("http://127.0.0.1:" + (basePort + 2));
        Kpm.Result up = Kpm.run(work, Duration.ofMinutes(3), "up", "--nodes", "2", "--cores", "2",
                "--base-port", Integer.toString(basePort), "--state-dir", stateDir.toString());
        assertEquals(0, up.exitCode(), up.toString());
        startBrowser(target);
    }

    private void startBrowser(Path target) throws Exception {
        Path profile = Files.createTempDirectory(target, "chromium-profile-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--window-size=1400,1000", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(target.resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
        // the page re-renders its tables every poll: an element found a moment ago may be gone, so look again
        wait = new WebDriverWait(browser, TIMEOUT, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    void down() throws Exception {
        try {
            if (browser != null) {
                try {
                    // what the page last showed, for whoever reads a failed run's target/
                    Files.write(Kpm.repoRoot().resolve("e2e/target/dashboard.png"),
                            ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                } catch (RuntimeException | java.io.IOException e) {
                    System.err.println("no screenshot of the dashboard: " + e);
                } finally {
                    browser.quit();
                }
            }
            if (service != null) service.stop();
        } finally {
            Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
        }
    }

    @Test
    @Order(1)
    void theAddressOfKpmDashboardOpensThePageWithTheTokenOutOfTheAddressBar() throws Exception {
        Kpm.Result printed = Kpm.run(work, Duration.ofMinutes(1), "dashboard");
        assertEquals(0, printed.exitCode(), printed.toString());
        String address = printed.stdout().strip();
        assertEquals(api.base() + "/#token=" + Kpm.token(), address);

        browser.get(address);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("node-node-0")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("node-node-1")));
        assertEquals("UP", browser.findElement(By.id("node-node-0")).getAttribute("data-state"));
        assertFalse(browser.getCurrentUrl().contains("token"), "the token left the address bar: " + browser.getCurrentUrl());
    }

    @Test
    @Order(2)
    void aJobAppearsAndItsRanksFinishWithTheirExitCodesOutputAndEvents() throws Exception {
        long pgid = spawn("""
                {"apps":[{"cmd":"sh","argv":["-c","echo hello from rank $PMI_RANK; exit $((PMI_RANK + 2))"],"maxprocs":2}]}""");
        click(By.id("job-" + pgid));
        wait.until(ExpectedConditions.attributeToBe(By.id("job-" + pgid), "data-state", "FINISHED"));
        for (int rank = 0; rank < 2; rank++) {
            wait.until(ExpectedConditions.attributeToBe(By.id("rank-" + pgid + "-" + rank), "data-state", "EXITED"));
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#rank-" + pgid + "-" + rank + " .exit"),
                    Integer.toString(rank + 2)));
        }
        // the job's exit code is its ranks' highest
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#job-" + pgid + " .exit"), "3"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "[0] hello from rank 0"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "[1] hello from rank 1"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("output-note"), "complete"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline li[data-type='JobFinished']")));
        assertEquals(2, browser.findElements(By.cssSelector("#timeline li[data-type='ProcExited']")).size());
    }

    @Test
    @Order(3)
    void theKillButtonEndsARunningJobKilled() throws Exception {
        long pgid = spawn("""
                {"apps":[{"cmd":"sleep","argv":["300"],"maxprocs":2}]}""");
        api.awaitJobState(pgid, "RUNNING", TIMEOUT);
        click(By.id("kill-" + pgid));
        wait.until(ExpectedConditions.alertIsPresent()).accept();

        JsonNode job = api.awaitJobState(pgid, "ABORTED", TIMEOUT);
        assertEquals("killed by user", job.path("reason").asText(), job.toString());
        List<Long> pids = new java.util.ArrayList<>();
        job.path("ranks").forEach(rank -> pids.add(rank.path("pid").asLong()));
        assertEquals(2, pids.size(), job.toString());
        for (long pid : pids) Kpm.awaitDead(pid, TIMEOUT);
        wait.until(ExpectedConditions.attributeToBe(By.id("job-" + pgid), "data-state", "ABORTED"));
        assertTrue(browser.findElements(By.id("kill-" + pgid)).isEmpty(), "an ended job has no kill button");
    }

    /** A rank that spawns a group whose rank spawns another (MPI_Comm_spawn): the page shows them as a tree. */
    @Test
    @Order(4)
    void spawnedGroupsShowUnderTheirSpawner() throws Exception {
        Path mpicc = DynamicProcesses.MPICH.resolve("bin/mpicc");
        Path program = Files.createDirectories(Kpm.repoRoot().resolve("e2e/target/dashboard-bin")).resolve("dynproc");
        Kpm.compile("the spawn-capable MPICH", mpicc.toString(), "-O2", "-o", program.toString(),
                Kpm.repoRoot().resolve("e2e/src/test/c/dynproc.c").toString());
        Kpm.Result run = Kpm.run(work, Duration.ofMinutes(2), "run", "--gateway", api.base(), "-n", "1", "--",
                program.toString(), "nested");
        assertEquals(0, run.exitCode(), run.toString());

        JsonNode child = null;
        JsonNode grandchild = null;
        for (JsonNode job : api.get("/api/v1/jobs").body()) {
            if (job.path("spawnerPgid").isNumber() && child == null) child = job;
            else if (job.path("spawnerPgid").isNumber()) grandchild = job;
        }
        assertTrue(child != null && grandchild != null, "a child and a grandchild group: " + api.get("/api/v1/jobs").body());
        long parent = child.get("spawnerPgid").asLong();
        assertEquals(child.get("pgid").asLong(), grandchild.get("spawnerPgid").asLong());

        wait.until(ExpectedConditions.attributeToBe(By.id("job-" + grandchild.get("pgid").asLong()), "data-depth", "2"));
        wait.until(ExpectedConditions.attributeToBe(By.id("job-" + child.get("pgid").asLong()), "data-depth", "1"));
        click(By.id("job-" + parent));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#family li[data-pgid='" + parent
                + "'] > ul > li[data-pgid='" + child.get("pgid").asLong() + "'] > ul > li[data-pgid='"
                + grandchild.get("pgid").asLong() + "']")));
    }

    /**
     * Drain and undrain call {@code POST /api/v1/nodes/{node}/drain|undrain}: the node shows DRAINING in the page and
     * in REST, and undrain makes it UP again.
     */
    @Test
    @Order(5)
    void theDrainButtonDrainsTheNodeAndUndrainBringsItBack() throws Exception {
        click(By.id("drain-node-0"));
        wait.until(ExpectedConditions.attributeToBe(By.id("node-node-0"), "data-state", "DRAINING"));
        assertEquals("DRAINING", node("node-0").path("state").asText().toUpperCase());
        click(By.id("undrain-node-0"));
        wait.until(ExpectedConditions.attributeToBe(By.id("node-node-0"), "data-state", "UP"));
        assertEquals("UP", node("node-0").path("state").asText().toUpperCase());
    }

    @Test
    @Order(6)
    void thePageBrokeNoContentSecurityPolicyRule() {
        List<LogEntry> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getMessage().contains("Content Security Policy")).toList();
        assertEquals(List.of(), violations.stream().map(LogEntry::getMessage).toList());
    }

    /** Clicks the element once it is there, looking it up again if a re-render replaced it meanwhile. */
    private void click(By element) {
        wait.until(d -> {
            d.findElement(element).click();
            return true;
        });
    }

    private long spawn(String body) throws Exception {
        GatewayApi.Response spawned = api.post("/api/v1/spawn?wait=false", body);
        assertEquals(202, spawned.status(), body + " -> " + spawned.body());
        return spawned.body().get("pgid").asLong();
    }

    private JsonNode node(String nodeId) throws Exception {
        GatewayApi.Response nodes = api.get("/api/v1/nodes");
        assertEquals(200, nodes.status(), String.valueOf(nodes.body()));
        for (JsonNode node : nodes.body()) {
            if (nodeId.equals(node.path("nodeId").asText())) return node;
        }
        throw new AssertionError("no node " + nodeId + " in " + nodes.body());
    }
}
