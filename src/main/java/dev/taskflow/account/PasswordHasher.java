package dev.taskflow.account;

import dev.taskflow.web.ProblemException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * BCrypt, deliberately slow, on a scheduler of its own sized to the cores: never on an event loop, where it would
 * stall every other request, and never more hashes at once than the machine can compute.
 * <p>
 * BCrypt reads at most 72 bytes, and Spring's encoder refuses longer input, while a password may have 128 characters
 * (up to 512 bytes). So the password is first condensed with HMAC-SHA256 (keyed with a fixed label, which keeps
 * these hashes apart from any leaked plain SHA-256 hashes) and Base64-encoded (no NUL bytes, 44 characters).
 */
@Component
class PasswordHasher implements DisposableBean {

    private static final byte[] LABEL = "taskflow-password-v1".getBytes(StandardCharsets.UTF_8);
    private static final int QUEUED_HASHES = 1_000;

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Scheduler scheduler = Schedulers.newBoundedElastic(
            Runtime.getRuntime().availableProcessors(), QUEUED_HASHES, "password-hashing");
    /** Compared against when a login names no account, so that it takes as long as one that does. */
    private final String decoy = bcrypt.encode(condense("decoy"));

    Mono<String> hash(String password) {
        return onScheduler(() -> bcrypt.encode(condense(password)));
    }

    /** Whether {@code password} matches {@code hash}; a null hash costs the same time and never matches. */
    Mono<Boolean> matches(String password, String hash) {
        return onScheduler(() -> bcrypt.matches(condense(password), hash == null ? decoy : hash) && hash != null);
    }

    private <T> Mono<T> onScheduler(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, overloaded -> {
                    HttpHeaders headers = new HttpHeaders();
                    headers.set(HttpHeaders.RETRY_AFTER, "1");
                    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                            "Too many sign-ins at once; retry shortly.", Map.of(), headers);
                });
    }

    private static String condense(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(LABEL, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
