import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CPU went in a JFR recording, as Markdown: {@code java bench/JfrSummary.java recording.jfr}.
 * Reactive stacks are deep and the same work shows up under many operators, so besides the hottest methods it
 * reports the share of samples that have a given layer anywhere on the stack (inclusive), and which threads ran.
 */
public final class JfrSummary {

    /** Layers of a request, each found by a fragment of a frame's class and method name. */
    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("HTTP intake (reactor-netty HttpServerOperations)", List.of("reactor.netty.http.server.HttpServerOperations"));
        LAYERS.put("continuations on a DB response (r2dbc-postgresql ReactorNettyClient)", List.of("io.r2dbc.postgresql.client.ReactorNettyClient"));
        LAYERS.put("Spring Security web filter chain", List.of("org.springframework.security.web.server"));
        LAYERS.put("JWT decode and verify (NimbusReactiveJwtDecoder)", List.of("NimbusReactiveJwtDecoder"));
        LAYERS.put("  of which HMAC-SHA256", List.of("com.nimbusds.jose.crypto"));
        LAYERS.put("Micrometer observations", List.of("io.micrometer.observation"));
        LAYERS.put("  of which Spring Security's ObservationWebFilterChainDecorator", List.of("ObservationWebFilterChainDecorator"));
        LAYERS.put("request firewall (StrictServerWebExchangeFirewall)", List.of("StrictServerWebExchangeFirewall"));
        LAYERS.put("Spring WebFlux dispatch and routing", List.of("org.springframework.web.reactive.DispatcherHandler", "RouterFunctions"));
        LAYERS.put("Jackson (JSON)", List.of("tools.jackson", "com.fasterxml.jackson"));
        LAYERS.put("SQL statement building and binding (Spring R2DBC, driver)", List.of("org.springframework.r2dbc.core", "io.r2dbc.postgresql.PostgresqlStatement"));
        LAYERS.put("driver message encoding and codecs", List.of("io.r2dbc.postgresql.message.frontend", "io.r2dbc.postgresql.codec"));
        LAYERS.put("connection pool (r2dbc-pool, reactor-pool) frames", List.of("io.r2dbc.pool", "reactor.pool"));
        LAYERS.put("exceptions constructed (Throwable.<init>)", List.of("java.lang.Throwable.<init>"));
        LAYERS.put("regular expressions", List.of("java.util.regex"));
        LAYERS.put("Taskflow's own code (dev.taskflow)", List.of("dev.taskflow"));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java bench/JfrSummary.java recording.jfr");
            System.exit(2);
        }
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> layers = new LinkedHashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread, 1, Integer::sum);
            List<String> frames = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            if (frames.isEmpty()) {
                continue;
            }
            methods.merge(frames.getFirst(), 1, Integer::sum);
            packages.merge(packageOf(frames.getFirst()), 1, Integer::sum);
            String stack = String.join(" ", frames);
            LAYERS.forEach((layer, fragments) -> {
                if (fragments.stream().anyMatch(stack::contains)) {
                    layers.merge(layer, 1, Integer::sum);
                }
            });
        }
        System.out.println("Execution samples: " + samples + ".");
        System.out.println();
        table("Thread", "Samples", threads, samples, 12);
        System.out.println();
        System.out.println("| Layer anywhere on the stack (inclusive) | Samples |");
        System.out.println("|---|---:|");
        for (String layer : LAYERS.keySet()) {
            System.out.printf(Locale.ROOT, "| %s | %.1f%% |%n", layer.replace("  ", "&nbsp;&nbsp;"), percent(layers.getOrDefault(layer, 0), samples));
        }
        System.out.println();
        table("Package of the running method (self time)", "Samples", packages, samples, 12);
        System.out.println();
        table("Running method (self time)", "Samples", methods, samples, 15);
    }

    private static void table(String what, String unit, Map<String, Integer> counts, int total, int rows) {
        System.out.println("| " + what + " | " + unit + " |");
        System.out.println("|---|---:|");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(entry -> System.out.printf(Locale.ROOT, "| `%s` | %.1f%% |%n", entry.getKey(), percent(entry.getValue(), total)));
    }

    private static String packageOf(String method) {
        String[] parts = method.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, Math.max(1, parts.length - 2))));
    }

    private static double percent(int count, int total) {
        return total == 0 ? 0 : 100.0 * count / total;
    }
}
