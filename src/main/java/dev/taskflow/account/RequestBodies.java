package dev.taskflow.account;

import dev.taskflow.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** A JSON body that must be there. Malformed JSON or a wrong type is a 400 from the shared problem handler. */
final class RequestBodies {

    private RequestBodies() {
    }

    static <T> Mono<T> required(ServerRequest request, Class<T> type) {
        return request.bodyToMono(type)
                .switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.BAD_REQUEST, "A JSON object is required.")));
    }
}
