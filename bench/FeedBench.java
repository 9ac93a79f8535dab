import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The live feed under load, with nothing but the JDK: {@code java bench/FeedBench.java --url … --tokens … …}.
 * <ol>
 *   <li>create rate with no subscriber: {@code --writers} closed-loop writers for {@code --probe-seconds}, after one
 *       unmeasured probe of the same length that warms the server's JIT up for this path;</li>
 *   <li>opens {@code --subscribers} SSE streams on {@code /api/v1/tasks/events} (token i mod the token count);</li>
 *   <li>the same create rate probe again, now with every subscriber connected and receiving;</li>
 *   <li>paced writers at {@code --rate} events a second for {@code --seconds}, as batch creates of {@code --batch}
 *       tasks of one user (so the event rate does not hinge on the create API's request rate), each event going
 *       to every stream of its user: delivery latency is the receipt time minus the task's {@code createdAt}
 *       (PostgreSQL's {@code now()} in the writing transaction, on this machine's clock), so it bounds
 *       commit-to-receipt from above;</li>
 *   <li>waits up to {@code --drain-seconds} for the stragglers and counts events lost: for each stream, the tasks
 *       created for its user (201 responses) that it never received;</li>
 *   <li>closes every stream and runs the probe without streams again, then {@code --probe-rounds} − 1 more rounds
 *       of streams opened, probed with, closed and probed without: the mean rate with streams is compared with the
 *       mean of the probes without them, each of which comes before or after one with;</li>
 *   <li>reads every created task back through the subscribe URL, which checks a second instance serves them too.</li>
 * </ol>
 * The server's heap ({@code jvm_memory_used_bytes{area="heap"}} from {@code /actuator/prometheus}) and RSS
 * ({@code /proc/PID/status}) are sampled every second while streams are open; at the end, with the streams still
 * open, a full GC gives the live heap, and {@code --histogram} keeps the classes that fill it. Every loop is
 * bounded in time.
 * Prints a summary and appends one tab-separated line to {@code --out}.
 */
public final class FeedBench {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern CREATED_AT = Pattern.compile("\"createdAt\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration HARD_LIMIT = Duration.ofMinutes(10);
    private static final int READ_BACK = 200;

    record Probe(double rate, Created created, CpuTime.Used cpu) {

        /** Server plus database CPU per successful create, in µs (0 when not measured). */
        long cpuPerCreate() {
            long ok = created.ok.get();
            return ok == 0 || cpu == null ? 0 : (cpu.server() + cpu.database()) / ok;
        }

        /** The server's share of {@link #cpuPerCreate()}, in µs. */
        long serverCpuPerCreate() {
            long ok = created.ok.get();
            return ok == 0 || cpu == null ? 0 : cpu.server() / ok;
        }
    }

    record Options(URI subscribeUrl, URI writeUrl, Path tokens, int subscribers, int rate, int batch, int seconds,
                   int probeSeconds, int writers, int drainSeconds, long serverPid, Path out, Path histogram, String label,
                   String beforeProbe, int probeRounds) {

        static Options parse(String[] args) {
            Map<String, String> values = new ConcurrentHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            if (args.length % 2 != 0 || !values.keySet().containsAll(Set.of("url", "tokens", "subscribers", "out"))) {
                throw new IllegalArgumentException("usage: java bench/FeedBench.java --url URL --tokens FILE --subscribers K "
                        + "--out FILE [--write-url URL] [--rate 1000] [--batch 10] [--seconds 20] [--probe-seconds 10] "
                        + "[--writers 64] [--drain-seconds 15] [--server-pid PID] [--histogram FILE] [--label NAME] "
                        + "[--before-probe SHELL-COMMAND] [--probe-rounds 3]");
            }
            URI subscribe = loopback(values.get("url"));
            return new Options(subscribe, loopback(values.getOrDefault("write-url", subscribe.toString())),
                    Path.of(values.get("tokens")), number(values, "subscribers", 0, 20_000, 0),
                    number(values, "rate", 1, 20_000, 1000), number(values, "batch", 1, 1000, 10),
                    number(values, "seconds", 1, 300, 20), number(values, "probe-seconds", 0, 120, 10),
                    number(values, "writers", 1, 1024, 64), number(values, "drain-seconds", 1, 120, 15),
                    number(values, "server-pid", 0, Integer.MAX_VALUE, 0), Path.of(values.get("out")),
                    values.containsKey("histogram") ? Path.of(values.get("histogram")) : null,
                    values.getOrDefault("label", "feed"), values.get("before-probe"),
                    number(values, "probe-rounds", 1, 10, 3));
        }

        /** Load goes to this machine only. */
        private static URI loopback(String url) {
            URI uri = URI.create(url.replaceAll("/+$", ""));
            if (!Set.of("127.0.0.1", "localhost", "[::1]").contains(uri.getHost())) {
                throw new IllegalArgumentException("only loopback targets are allowed, got " + uri.getHost());
            }
            return uri;
        }

        private static int number(Map<String, String> values, String name, int min, int max, int fallback) {
            int value = Integer.parseInt(values.getOrDefault(name, Integer.toString(fallback)));
            if (value < min || value > max) {
                throw new IllegalArgumentException("--" + name + " must be from " + min + " to " + max);
            }
            return value;
        }
    }

    /** Latencies in microseconds, appended from many threads, read once at the end. */
    static final class Recorder {
        private long[] values = new long[1 << 16];
        private int size;

        synchronized void add(long micros) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = micros;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }

        static double percentileMillis(long[] sorted, double percentile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
        }
    }

    /** What the writers created, per user index, and how the requests went. */
    static final class Created {
        final Map<Integer, Set<Long>> byUser = new ConcurrentHashMap<>();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        void add(int user, long taskId) {
            byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(taskId);
            ok.incrementAndGet();
        }

        int count(int user) {
            Set<Long> ids = byUser.get(user);
            return ids == null ? 0 : ids.size();
        }
    }

    /** One SSE stream: parses events as lines arrive and records each created task's delivery latency. */
    static final class Stream implements Flow.Subscriber<String> {
        final int user;
        final Set<Long> received = ConcurrentHashMap.newKeySet();
        private volatile Recorder latencies;
        private final Runnable onOpen;
        private final AtomicLong unparsed;
        private volatile boolean open;
        private volatile boolean ended;
        private volatile Flow.Subscription subscription;
        private String event = "message";
        private String data;

        Stream(int user, Recorder latencies, AtomicLong unparsed, Runnable onOpen) {
            this.user = user;
            this.latencies = latencies;
            this.unparsed = unparsed;
            this.onOpen = onOpen;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = nowMicros();
            if (!open) {
                open = true;
                onOpen.run();
            }
            if (line.isEmpty()) {
                if ("task.created".equals(event) && data != null) {
                    record(data, now);
                }
                event = "message";
                data = null;
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data = line.substring(5).strip();
            }
        }

        private void record(String json, long receivedMicros) {
            Matcher id = ID.matcher(json);
            Matcher createdAt = CREATED_AT.matcher(json);
            if (!id.find() || !createdAt.find()) {
                unparsed.incrementAndGet();
                return;
            }
            if (received.add(Long.parseLong(id.group(1)))) {
                Instant created = Instant.parse(createdAt.group(1));
                latencies.add(receivedMicros - (created.getEpochSecond() * 1_000_000 + created.getNano() / 1000));
            }
        }

        @Override
        public void onError(Throwable error) {
            ended = true;
            if (!open) {
                open = true;
                onOpen.run();
            }
        }

        @Override
        public void onComplete() {
            ended = true;
        }

        boolean isOpen() {
            return open && !ended;
        }

        /** Closes the connection: the server sees its client go. */
        void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

        /** From now on, count and time events afresh. */
        void restart(Recorder recorder) {
            latencies = recorder;
            received.clear();
        }

        long receivedOf(Set<Long> expected) {
            return received.stream().filter(expected::contains).count();
        }
    }

    /** The server's heap and resident memory, sampled every second; the highest values win. */
    /**
     * CPU time (user + system, from /proc) of the server process and of every postgres and pgbouncer process, in µs:
     * unlike a closed-loop rate, it does not depend on how the two cores are shared with this load generator.
     */
    record CpuTime(long server, Map<Long, Long> database) {
        private static final long MICROS_PER_TICK = 10_000; // USER_HZ is 100 on Linux

        /** A snapshot: the server's ticks, and each postgres and pgbouncer process's by pid. */
        static CpuTime now(long serverPid) {
            Map<Long, Long> database = new HashMap<>();
            try (var processes = Files.newDirectoryStream(Path.of("/proc"), entry -> entry.getFileName().toString().matches("\\d+"))) {
                for (Path process : processes) {
                    String comm = read(process.resolve("comm")).strip();
                    if (comm.equals("postgres") || comm.equals("pgbouncer")) {
                        database.put(Long.parseLong(process.getFileName().toString()), ticks(process));
                    }
                }
            } catch (IOException e) {
                return new CpuTime(0, Map.of());
            }
            return new CpuTime(serverPid > 0 ? ticks(Path.of("/proc", Long.toString(serverPid))) : 0, database);
        }

        /**
         * CPU used between {@code earlier} and this snapshot, in µs: the server's, and the database side's summed
         * over the processes alive now (one that ended meanwhile takes its share with it; one started meanwhile
         * counts from zero).
         */
        Used since(CpuTime earlier) {
            long database = 0;
            for (var process : this.database.entrySet()) {
                database += process.getValue() - earlier.database.getOrDefault(process.getKey(), 0L);
            }
            return new Used((server - earlier.server) * MICROS_PER_TICK, database * MICROS_PER_TICK);
        }

        record Used(long server, long database) {
        }

        /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the command name's closing parenthesis. */
        private static long ticks(Path process) {
            String stat = read(process.resolve("stat"));
            int end = stat.lastIndexOf(')');
            if (end < 0) {
                return 0;
            }
            String[] fields = stat.substring(end + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return ""; // the process ended meanwhile
            }
        }
    }

    static final class ServerMemory implements AutoCloseable {
        private final HttpClient http;
        private final URI metrics;
        private final long pid;
        private final AtomicLong maxHeap = new AtomicLong();
        private final AtomicLong maxRss = new AtomicLong();
        private final Thread sampler;

        ServerMemory(HttpClient http, URI base, long pid) {
            this.http = http;
            this.metrics = base.resolve("/actuator/prometheus");
            this.pid = pid;
            this.sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    sample();
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void sample() {
            maxHeap.accumulateAndGet(heap(), Math::max);
            maxRss.accumulateAndGet(rss(), Math::max);
        }

        long heap() {
            return (long) prometheus(http, metrics, line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""));
        }

        long rss() {
            if (pid <= 0) {
                return 0;
            }
            try {
                return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                        .filter(line -> line.startsWith("VmRSS:"))
                        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(0);
            } catch (IOException e) {
                return 0;
            }
        }

        /** The heap still in use after a full collection: what the streams really hold. */
        long liveHeapAfterGc(Path histogram) {
            if (pid <= 0) {
                return 0;
            }
            jcmd(ProcessBuilder.Redirect.DISCARD, "GC.run");
            if (histogram != null) {
                // The classes filling the live heap, top 40 (the histogram forces a full GC first).
                jcmd(ProcessBuilder.Redirect.to(histogram.toFile()), "GC.class_histogram");
                try {
                    List<String> lines = Files.readAllLines(histogram);
                    Files.write(histogram, lines.subList(0, Math.min(lines.size(), 43)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return heap();
        }

        private void jcmd(ProcessBuilder.Redirect output, String command) {
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
            try {
                Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                        .redirectErrorStream(true).redirectOutput(output).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            sampler.interrupt();
        }
    }

    private final Options options;
    private final List<String> tokens;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient streams;
    private final HttpClient writes;
    private final long deadline = System.nanoTime() + HARD_LIMIT.toNanos();

    FeedBench(Options options) throws IOException {
        this.options = options;
        this.tokens = Files.readAllLines(options.tokens()).stream().filter(line -> !line.isBlank()).toList();
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no tokens in " + options.tokens());
        }
        this.streams = client();
        this.writes = client();
    }

    private HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(executor).build();
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FeedBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new FeedBench(options).run());
    }

    int run() throws Exception {
        int users = Math.min(tokens.size(), Math.max(1, options.subscribers()));
        // Once unmeasured: the batch-create path is otherwise still being compiled while the first probe runs.
        probe("0 subscribers, warm-up (not counted)", users);
        Probe idle = probe("0 subscribers", users);

        AtomicLong unparsed = new AtomicLong();
        Created created = new Created();
        Recorder latencies = new Recorder();
        List<Stream> opened;
        Probe busy;
        double paced;
        CpuTime.Used pacedCpu;
        long heapPeak;
        long rssPeak;
        long liveHeap;
        try (ServerMemory memory = new ServerMemory(writes, options.subscribeUrl(), options.serverPid())) {
            long connectStart = System.nanoTime();
            opened = open(new Recorder(), unparsed);
            log("%,d of %,d streams open in %.1f s", opened.stream().filter(Stream::isOpen).count(), options.subscribers(),
                    (System.nanoTime() - connectStart) / 1e9);
            // Likewise for delivery: without this, the measured probe pays for compiling the feed's path (a third of
            // the server's CPU in it, by JFR).
            Probe warmUp = probe(opened.size() + " subscribers, warm-up (not counted)", users);
            drain(opened, warmUp.created(), Duration.ofSeconds(options.drainSeconds()));
            busy = probe(opened.size() + " subscribers", users);
            if (!drain(opened, busy.created(), Duration.ofSeconds(options.drainSeconds()))) {
                log("the probe's events were not all delivered within %d s", options.drainSeconds());
            }
            opened.forEach(stream -> stream.restart(latencies));
            CpuTime paceStart = CpuTime.now(options.serverPid());
            paced = pace(users, created);
            drain(opened, created, Duration.ofSeconds(options.drainSeconds()));
            pacedCpu = CpuTime.now(options.serverPid()).since(paceStart);
            memory.sample();
            heapPeak = memory.maxHeap.get();
            rssPeak = memory.maxRss.get();
            liveHeap = memory.liveHeapAfterGc(options.histogram());
        }
        long[] sorted = latencies.sorted();
        int streamsAtEnd = (int) opened.stream().filter(Stream::isOpen).count();
        long expected = 0;
        long received = 0;
        for (Stream stream : opened) {
            Set<Long> mine = created.byUser.getOrDefault(stream.user, Set.of());
            expected += mine.size();
            received += stream.receivedOf(mine);
        }
        long lost = expected - received;
        // What delivering costs the server: with batches, a user's events from one read go to each stream in one write.
        log("paced phase: server CPU %.1f µs per delivery (%,d deliveries), server + database CPU %,d µs per event written",
                received == 0 ? 0 : pacedCpu.server() / (double) received, received,
                created.ok.get() == 0 ? 0 : (pacedCpu.server() + pacedCpu.database()) / created.ok.get());

        // The probe without streams once more after closing them, then --probe-rounds - 1 more rounds of streams
        // opened, probed with, closed, and probed without: the rate with streams is compared with the mean of the
        // probes without them on either side, so drift (the JIT, the tables growing, the disk) cancels out, and
        // several rounds average out the noise of single 10 s probes.
        closeAll(opened);
        List<Probe> without = new ArrayList<>(List.of(idle, probe("0 subscribers, after closing the streams", users)));
        List<Probe> with = new ArrayList<>(List.of(busy));
        for (int round = 2; round <= options.probeRounds() && options.probeSeconds() > 0; round++) {
            List<Stream> again = open(new Recorder(), new AtomicLong());
            Probe probe = probe(again.size() + " subscribers, round " + round, users);
            drain(again, probe.created(), Duration.ofSeconds(options.drainSeconds()));
            with.add(probe);
            closeAll(again);
            without.add(probe("0 subscribers, round " + round, users));
        }
        double idleRate = without.stream().mapToDouble(Probe::rate).average().orElse(0);
        long idleCpu = (long) without.stream().mapToLong(Probe::cpuPerCreate).average().orElse(0);
        double busyRate = with.stream().mapToDouble(Probe::rate).average().orElse(0);
        long busyCpu = (long) with.stream().mapToLong(Probe::cpuPerCreate).average().orElse(0);
        log("create rate kept, per round: %s", IntStream.range(0, with.size())
                .mapToObj(i -> String.format(Locale.ROOT, "%.0f%%", 100 * with.get(i).rate()
                        / ((without.get(i).rate() + without.get(i + 1).rate()) / 2)))
                .collect(Collectors.joining(", ")));
        long toRead = Math.min(created.ok.get(), READ_BACK);
        int readBack = readBack(created);

        System.out.println(String.format(Locale.ROOT,
                "%s: %,d streams (%,d open at the end), %,.0f events/s paced (target %,d, batches of %d), deliveries %,d of %,d, lost %,d, "
                        + "latency p50 %.1f ms p99 %.1f ms max %.1f ms; heap peak %,d MB, live after GC %,d MB, RSS peak %,d MB; "
                        + "create rate %,.0f/s with 0 subscribers, %,.0f/s with %,d (%.0f%%); server + database CPU per create %,d µs "
                        + "with 0 subscribers, %,d µs with them (capacity kept %.0f%%); %d create errors, %d unparsed events; "
                        + "%d of %d created tasks read back through %s",
                options.label(), opened.size(), streamsAtEnd, paced, options.rate(), options.batch(), received, expected, lost,
                Recorder.percentileMillis(sorted, 50), Recorder.percentileMillis(sorted, 99),
                Recorder.percentileMillis(sorted, 100), heapPeak >> 20, liveHeap >> 20, rssPeak >> 20,
                idleRate, busyRate, opened.size(), idleRate > 0 ? 100 * busyRate / idleRate : 0,
                idleCpu, busyCpu, busyCpu > 0 ? 100.0 * idleCpu / busyCpu : 0, created.failed.get(),
                unparsed.get(), readBack, toRead, options.subscribeUrl()));
        String row = String.join("\t", options.label(), Integer.toString(opened.size()), Integer.toString(options.rate()),
                fmt(paced), fmt(Recorder.percentileMillis(sorted, 50)), fmt(Recorder.percentileMillis(sorted, 99)),
                fmt(Recorder.percentileMillis(sorted, 100)), Long.toString(lost), Long.toString(expected),
                Long.toString(heapPeak >> 20), Long.toString(liveHeap >> 20), Long.toString(rssPeak >> 20),
                fmt(idleRate), fmt(busyRate), Long.toString(created.failed.get() + unparsed.get()), readBack + "/" + toRead,
                Long.toString(idleCpu), Long.toString(busyCpu), Integer.toString(users));
        Files.writeString(options.out(), row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        executor.shutdownNow();
        boolean ok = lost == 0 && streamsAtEnd == opened.size() && opened.size() == options.subscribers()
                && created.failed.get() == 0 && unparsed.get() == 0 && readBack == toRead;
        return ok ? 0 : 1;
    }

    /** Closes every stream and waits (at most 30 s) until the server has let go of them all. */
    private void closeAll(List<Stream> opened) throws InterruptedException {
        opened.forEach(Stream::cancel);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (metric("taskflow_feed_subscribers") > 0 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        log("streams closed; %,.0f still subscribed on the server", metric("taskflow_feed_subscribers"));
    }

    /** Opens every stream, at most 200 connecting at once; returns when all are open or two minutes have passed. */
    private List<Stream> open(Recorder latencies, AtomicLong unparsed) throws InterruptedException {
        Semaphore connecting = new Semaphore(200);
        AtomicInteger openCount = new AtomicInteger();
        List<Stream> opened = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        for (int i = 0; i < options.subscribers() && System.nanoTime() < until; i++) {
            if (!connecting.tryAcquire(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            int user = i % tokens.size();
            Stream stream = new Stream(user, latencies, unparsed, () -> {
                openCount.incrementAndGet();
                connecting.release();
            });
            subscribe(stream);
            opened.add(stream);
        }
        while (openCount.get() < opened.size() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        return opened;
    }

    private void subscribe(Stream stream) {
        HttpRequest request = HttpRequest.newBuilder(options.subscribeUrl().resolve("/api/v1/tasks/events"))
                .header("Authorization", "Bearer " + tokens.get(stream.user))
                .header("Accept", "text/event-stream")
                .build();
        streams.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                stream.onError(new IOException("status " + info.statusCode()));
                return HttpResponse.BodySubscribers.discarding();
            }
            return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
        }).whenComplete((response, error) -> {
            if (error != null) {
                stream.onError(error);
            }
        });
    }

    /** Closed loop: {@code --writers} writers, each sending its next create when the last one answered. */
    private Probe probe(String what, int users) throws InterruptedException {
        Created probeCreated = new Created();
        if (options.probeSeconds() == 0) {
            return new Probe(0, probeCreated, null);
        }
        beforeProbe();
        CpuTime before = CpuTime.now(options.serverPid());
        double notifiesBefore = metric("taskflow_feed_notify_statements_total");
        double readsBefore = metric("taskflow_feed_reads_total");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.probeSeconds());
        AtomicInteger next = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < options.writers(); w++) {
            writers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < until) {
                    int user = Math.floorMod(next.getAndIncrement(), users);
                    create(user, probeCreated).join();
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(options.probeSeconds() + 30));
        }
        double rate = probeCreated.ok.get() / (double) options.probeSeconds();
        Probe probe = new Probe(rate, probeCreated, CpuTime.now(options.serverPid()).since(before));
        double notifies = metric("taskflow_feed_notify_statements_total") - notifiesBefore;
        double reads = metric("taskflow_feed_reads_total") - readsBefore;
        log("create rate with %s: %,.0f/s (%d errors), server + database CPU %,d µs per create (server %,d); "
                        + "%.2f NOTIFY statements and %.2f feed reads per create", what, rate, probeCreated.failed.get(),
                probe.cpuPerCreate(), probe.serverCpuPerCreate(), notifies / Math.max(1, probeCreated.ok.get()),
                reads / Math.max(1, probeCreated.ok.get()));
        return probe;
    }

    /**
     * {@code --before-probe}, e.g. a CHECKPOINT: every probe then starts at the same point of PostgreSQL's checkpoint
     * cycle (right after one, each page's first change writes the whole page to WAL, so writes cost more).
     */
    private void beforeProbe() throws InterruptedException {
        if (options.beforeProbe() == null) {
            return;
        }
        try {
            Process process = new ProcessBuilder("sh", "-c", options.beforeProbe()).inheritIO().start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log("--before-probe did not finish within 120 s");
            } else if (process.exitValue() != 0) {
                log("--before-probe exited with %d", process.exitValue());
            }
        } catch (IOException e) {
            log("--before-probe could not run: %s", e.getMessage());
        }
    }

    /** A counter or gauge of the server's, summed over its series (0 if unreadable). */
    private double metric(String name) {
        return prometheus(writes, options.subscribeUrl().resolve("/actuator/prometheus"),
                line -> line.startsWith(name + " ") || line.startsWith(name + "{"));
    }

    /** The sum of the values on the lines of {@code /actuator/prometheus} that {@code series} picks (0 if unreadable). */
    static double prometheus(HttpClient http, URI metrics, Predicate<String> series) {
        try {
            String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(series)
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Open loop at {@code --rate} events a second: batch creates of {@code --batch} tasks are sent on schedule, up to
     * 512 in flight, whatever the answers do. Returns the events created per second.
     */
    private double pace(int users, Created created) throws InterruptedException {
        Semaphore inFlight = new Semaphore(512);
        long start = System.nanoTime();
        long total = (long) options.rate() * options.seconds() / options.batch();
        long sent = 0;
        long skipped = 0;
        while (sent + skipped < total && System.nanoTime() < deadline) {
            long due = Math.min(total, (System.nanoTime() - start) * options.rate() / options.batch() / 1_000_000_000L);
            while (sent + skipped < due) {
                if (!inFlight.tryAcquire()) {
                    skipped++;
                    continue;
                }
                int user = (int) ((sent + skipped) % users);
                createBatch(user, created).whenComplete((count, error) -> inFlight.release());
                sent++;
            }
            Thread.sleep(1);
        }
        inFlight.tryAcquire(512, 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (skipped > 0) {
            log("%,d batches skipped: 512 were in flight", skipped);
        }
        return created.ok.get() / seconds;
    }

    /** {@code --batch} tasks for one user in one request (one transaction): that many events. */
    private CompletableFuture<Integer> createBatch(int user, Created created) {
        String task = "{\"title\":\"feed bench task\",\"priority\":\"high\"}";
        String body = "{\"tasks\":[" + String.join(",", Collections.nCopies(options.batch(), task)) + "]}";
        HttpRequest request = HttpRequest.newBuilder(options.writeUrl().resolve("/api/v1/tasks/batch"))
                .header("Authorization", "Bearer " + tokens.get(user))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return writes.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null || response.statusCode() != 201) {
                created.failed.addAndGet(options.batch());
                return 0;
            }
            Matcher id = ID.matcher(response.body());
            int count = 0;
            while (id.find()) {
                created.add(user, Long.parseLong(id.group(1)));
                count++;
            }
            if (count != options.batch()) {
                created.failed.addAndGet(options.batch() - count);
            }
            return count;
        });
    }

    private CompletableFuture<Long> create(int user, Created created) {
        String body = "{\"title\":\"feed bench task\",\"priority\":\"high\"}";
        HttpRequest request = HttpRequest.newBuilder(options.writeUrl().resolve("/api/v1/tasks"))
                .header("Authorization", "Bearer " + tokens.get(user))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return writes.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            Matcher id = response == null ? null : ID.matcher(response.body());
            if (error == null && response.statusCode() == 201 && id.find()) {
                long taskId = Long.parseLong(id.group(1));
                created.add(user, taskId);
                return taskId;
            }
            created.failed.incrementAndGet();
            return -1L;
        });
    }

    /** Until every open stream has every event of its user, or {@code limit} has passed; returns whether they have. */
    private boolean drain(List<Stream> opened, Created created, Duration limit) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            boolean complete = opened.stream().allMatch(stream -> !stream.isOpen()
                    || stream.receivedOf(created.byUser.getOrDefault(stream.user, Set.of())) >= created.count(stream.user));
            if (complete) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Reads up to {@value #READ_BACK} created tasks through the subscribe URL: 200 with the same id. */
    private int readBack(Created created) {
        int good = 0;
        int checked = 0;
        for (Map.Entry<Integer, Set<Long>> entry : created.byUser.entrySet()) {
            for (long id : entry.getValue()) {
                if (checked++ == READ_BACK) {
                    return good;
                }
                HttpRequest request = HttpRequest.newBuilder(options.subscribeUrl().resolve("/api/v1/tasks/" + id))
                        .header("Authorization", "Bearer " + tokens.get(entry.getKey()))
                        .timeout(Duration.ofSeconds(10)).build();
                try {
                    HttpResponse<String> response = writes.send(request, HttpResponse.BodyHandlers.ofString());
                    Matcher found = ID.matcher(response.body());
                    if (response.statusCode() == 200 && found.find() && Long.parseLong(found.group(1)) == id) {
                        good++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return good;
                }
            }
        }
        return good;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static void log(String format, Object... args) {
        System.err.println("FeedBench: " + String.format(Locale.ROOT, format, args));
    }
}
