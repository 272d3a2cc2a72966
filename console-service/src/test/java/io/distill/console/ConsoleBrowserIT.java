package io.distill.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.events.Topics;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.ServiceReplica;
import io.distill.testkit.TestIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a person sees it, in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; Selenium is given the driver and downloads nothing): the packaged console
 * and teacher-, soft-target- and student-service as processes, with authentication on, over one
 * database, object store and the test broker. A small run is started from the page, and the test
 * watches its progress bars move and its jobs succeed without reloading, its curves drawn, its results
 * table, a poison record in the dead-letter view, a 401 page without a token and a field error at its
 * JSON path for a bad plan. It leaves a screenshot of the run at {@code target/console-run.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    /** Where Debian's packages put the browser and its driver; .ci/run installs them. */
    static final Path CHROMIUM = Path.of(System.getProperty("distill.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("distill.chromedriver", "/usr/bin/chromedriver"));

    private static final String[] SERVICES = {"teacher-service", "soft-target-service", "student-service"};
    /** A run small enough for a test: five teacher epochs, then a hard and a distilled student. */
    private static final String PLAN = """
            {"hidden": [128], "epochs": 5, "trainLimit": 10000, "seed": 1,
             "plan": {"transferSets": [{"name": "full", "limit": 3000,
               "students": [{"mode": "hard", "hidden": [16], "epochs": 3, "seed": 1},
                            {"mode": "distill", "temperature": 20, "hidden": [16], "epochs": 3, "seed": 1}]}]}}""";

    private static final TestIssuer ISSUER = new TestIssuer();
    private static final List<ServiceReplica> REPLICAS = new ArrayList<>();
    private static ServiceReplica console;
    private static ChromeDriver browser;
    private static String runId;

    @BeforeAll
    static void startServicesAndBrowser() throws Exception {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new IllegalStateException(needed + " is missing: the browser tests need Debian's chromium and"
                        + " chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them).");
            }
        }
        Path work = Path.of("target", "console-it").toAbsolutePath();
        ServiceReplica.Cluster own = ServiceReplica.Cluster.fresh(
                Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath(), work);
        Map<String, String> auth = Map.of("DISTILL_AUTH", "jwt",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", ISSUER.publicKey().toString(),
                "MP_JWT_VERIFY_ISSUER", TestIssuer.ISSUER,
                "SMALLRYE_JWT_SIGN_KEY_LOCATION", ISSUER.privateKey().toString());
        ExecutorService starts = Executors.newFixedThreadPool(SERVICES.length);
        List<Future<ServiceReplica>> started = new ArrayList<>();
        for (String service : SERVICES) {
            ServiceReplica.Cluster cluster = new ServiceReplica.Cluster(Path.of("..", service, "target",
                    "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize(), own.database(), own.bucket(),
                    own.bootstrap(), work);
            started.add(starts.submit(() -> ServiceReplica.start(cluster, service + "-it", auth)));
        }
        for (Future<ServiceReplica> replica : started) {
            REPLICAS.add(replica.get(5, TimeUnit.MINUTES));
        }
        starts.shutdown();
        Map<String, String> env = new HashMap<>(auth);
        for (ServiceReplica replica : REPLICAS) {
            String service = replica.name().replace("-it", "");
            env.put("DISTILL_CONSOLE_" + service.toUpperCase().replace('-', '_') + "_URL", replica.url());
        }
        env.put("DISTILL_CONSOLE_HEARTBEAT", "2s");
        console = ServiceReplica.start(own, "console-it", env);

        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400");
        browser = new ChromeDriver(driver, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
        for (ServiceReplica replica : REPLICAS) {
            replica.close();
        }
    }

    @Test
    @Order(1)
    void withoutATokenEveryPageIsA401WithTheSignInForm() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(console.url() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(401);

        browser.get(console.url() + "/kafka");
        assertThat(browser.findElement(By.id("sign-in-problem")).getText()).contains("Sign in to see this page");
        assertThat(browser.findElements(By.id("sign-in"))).hasSize(1);
    }

    @Test
    @Order(2)
    void aBadPlanShowsItsFieldErrorAtItsJsonPath() {
        signIn(ISSUER.token("distill-read", "distill-submit"));
        setPlan(PLAN.replace("\"temperature\": 20", "\"temperature\": 0"));
        browser.findElement(By.cssSelector("#start-run button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("plan-problem")).isEmpty());

        List<String> fields = browser.findElements(By.cssSelector("#plan-problem .field")).stream()
                .map(WebElement::getText).toList();
        assertThat(fields).contains("plan.transferSets[0].students[1].temperature");
        assertThat(browser.findElement(By.id("plan-problem")).getText()).contains("temperature");
    }

    @Test
    @Order(3)
    void aRunStartedFromThePageShowsItsProgressMovingAndItsJobsSucceedingWithoutAReload() throws Exception {
        browser.get(console.url() + "/");
        setPlan(PLAN);
        browser.findElement(By.cssSelector("#start-run button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/runs/t-"));
        runId = browser.getCurrentUrl().replaceFirst(".*/runs/", "");
        // A marker on the page as loaded: a reload would lose it.
        js("document.body.dataset.loaded = 'once';");
        // One look at the page per poll, in the page itself: the nodes are swapped in as events come.
        String look = "return [document.querySelector('#job-" + runId + " progress').value,"
                + " Array.from(document.querySelectorAll('ol.graph .state')).map(e => e.textContent)];";

        Set<Long> teacherProgress = new LinkedHashSet<>();
        new WebDriverWait(browser, Duration.ofMinutes(6)).pollingEvery(Duration.ofMillis(100)).until(d -> {
            List<?> seen = (List<?>) js(look);
            teacherProgress.add(((Number) seen.get(0)).longValue());
            List<?> states = (List<?>) seen.get(1);
            return states.size() == 4 && states.stream().allMatch("SUCCEEDED"::equals);
        });

        assertThat(js("return document.body.dataset.loaded;")).isEqualTo("once");
        // The bar moved: it showed the teacher part-way, not only empty and then full.
        assertThat(teacherProgress).anyMatch(v -> v > 0 && v < 100);
        assertThat(browser.findElement(By.className("summary")).getText()).isEqualTo("4 of 4 jobs ended");
        // Each training job's validation curve has points, those of the students drawn from live events.
        Object points = js("return window.distillCharts.validation.data.slice(1)"
                + ".map(s => s.filter(v => v !== null).length);");
        assertThat((List<?>) points).hasSize(3).allSatisfy(n -> assertThat(((Number) n).intValue()).isPositive());
        assertThat(browser.findElements(By.cssSelector("#chart-validation canvas"))).isNotEmpty();
    }

    @Test
    @Order(4)
    void theRunPageShowsItsResultsAgainstThePaper() throws IOException {
        browser.get(console.url() + "/runs/" + runId);
        List<String> roles = browser.findElements(By.cssSelector("#results tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(roles).containsExactly("teacher", "hard", "distilled");
        assertThat(browser.findElement(By.id("results")).getText()).contains("146", "74");
        assertThat(browser.findElements(By.cssSelector("#chart-results canvas"))).isNotEmpty();
        Path shot = Path.of("target", "console-run.png");
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(5)
    void aJobPageShowsItsRequestWithDefaultsAndItsConfusionMatrix() {
        browser.get(console.url() + "/jobs/student-service/" + runId + "-ts0-s1");
        assertThat(browser.findElement(By.id("job-state")).getText()).isEqualTo("SUCCEEDED");
        assertThat(browser.findElement(By.id("request")).getText()).contains("\"temperature\" : 20", "\"batchSize\"");
        // Ten classes: a header row and ten rows of eleven cells.
        assertThat(browser.findElements(By.cssSelector("#confusion tbody tr"))).hasSize(10);
    }

    @Test
    @Order(6)
    void aPoisonRecordShowsInTheDeadLetterViewWithWhoRejectedItAndWhy() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.TRANSFER_SETS, "poison-for-the-console", "not json"))
                    .get(30, TimeUnit.SECONDS);
        }
        new WebDriverWait(browser, Duration.ofMinutes(1)).pollingEvery(Duration.ofSeconds(1)).until(d -> {
            d.get(console.url() + "/kafka");
            return d.findElements(By.cssSelector("#dead-letters tbody tr")).stream()
                    .anyMatch(row -> row.getText().contains("poison-for-the-console"));
        });
        WebElement row = browser.findElements(By.cssSelector("#dead-letters tbody tr")).stream()
                .filter(r -> r.getText().contains("poison-for-the-console")).findFirst().orElseThrow();
        assertThat(row.findElement(By.className("rejected-by")).getText()).isEqualTo("student-service");
        assertThat(row.findElement(By.className("reason")).getText()).isNotBlank().isNotEqualTo("–");
    }

    @Test
    @Order(7)
    void theRunStreamPassesProxiesAndKeepsItselfOpen() throws Exception {
        HttpResponse<java.io.InputStream> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(console.url() + "/runs/" + runId + "/events"))
                .header("Cookie", "distill-token=" + ISSUER.token("distill-read")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(answer.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(answer.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            // The stream opens with every job's node, then beats every 2 s (DISTILL_CONSOLE_HEARTBEAT) while idle.
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith(":")) {
                seen.add(line.replaceFirst(": ?", ":"));
            }
            assertThat(seen).contains("event:job-" + runId, "event:summary");
            assertThat(line).isNotNull();
            assertThat(line.replace(" ", "")).isEqualTo(":heartbeat");
        }
    }

    @Test
    @Order(8)
    void aReadOnlyTokenSeesThePagesButMayNotStartARun() throws Exception {
        String cookie = "distill-token=" + ISSUER.token("distill-read");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console.url() + "/runs/" + runId))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("id=\"start-run\"");
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(URI.create(console.url() + "/runs"))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("plan=%7B%7D")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(403);
        assertThat(start.body()).contains("distill-submit");
    }

    @Test
    @Order(9)
    void theModelsPageShowsTheRunsModelsWithTheirLineageAndDownloadsThem() throws Exception {
        browser.get(console.url() + "/models?service=student-service&run=" + runId);
        List<WebElement> rows = browser.findElements(By.cssSelector("#models tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(row -> assertThat(row.findElement(By.className("lineage")).getText())
                .contains("transfer set " + runId + "-ts0", "teacher job " + runId, "data set mnist"));

        String onnx = rows.get(0).findElement(By.linkText("ONNX")).getAttribute("href");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(onnx))
                .header("Cookie", "distill-token=" + ISSUER.token("distill-read")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).as(onnx + ": " + new String(download.body())).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).endsWith(".onnx\""));
        assertThat(download.headers().firstValue("X-Checksum-Sha256")).hasValue(sha256(download.body()));
    }

    @Test
    @Order(10)
    void theHealthPageShowsEachServicesChecksAndLiveReplicas() {
        browser.get(console.url() + "/health");
        assertThat(browser.findElement(By.id("health-teacher-service")).getText()).contains("UP");
        assertThat(browser.findElement(By.id("replicas-student-service")).getText())
                .contains("student-service-it", "live", "cpu()");
        // specialist-service does not run here: the page says so rather than fail.
        assertThat(browser.findElement(By.id("health-specialist-service")).getText()).doesNotContain("UP");
    }

    private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void signIn(String token) {
        browser.get(console.url() + "/sign-in");
        browser.findElement(By.cssSelector("#sign-in textarea")).sendKeys(token);
        browser.findElement(By.cssSelector("#sign-in button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("start-run")).size() == 1);
    }

    private static void setPlan(String plan) {
        WebElement area = browser.findElement(By.cssSelector("#start-run textarea"));
        // The plan is set as a whole, as a paste would: typing it would take a while.
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", area, plan);
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }
}
