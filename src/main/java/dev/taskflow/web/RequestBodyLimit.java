package dev.taskflow.web;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * No request body may exceed 1 MiB, whatever reads it: a declared {@code Content-Length} above the limit is refused
 * before anything is read, and a chunked body fails as soon as it crosses the limit. Both end as 413 through
 * {@link ProblemExceptionHandler}. The codecs get the same limit, so a body they buffer is never cut shorter.
 */
@Configuration(proxyBeanMethods = false)
public class RequestBodyLimit {

    public static final int MAX_BYTES = 1024 * 1024;

    @Bean
    CodecCustomizer requestBodyCodecLimit() {
        return configurer -> configurer.defaultCodecs().maxInMemorySize(MAX_BYTES);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    WebFilter requestBodyLimitFilter() {
        return (exchange, chain) -> {
            ServerHttpRequest request = exchange.getRequest();
            if (request.getHeaders().getContentLength() > MAX_BYTES) {
                return Mono.error(tooLarge());
            }
            return chain.filter(exchange.mutate().request(new Limited(request)).build());
        };
    }

    private static DataBufferLimitException tooLarge() {
        return new DataBufferLimitException("Request body exceeds " + MAX_BYTES + " bytes");
    }

    private static final class Limited extends ServerHttpRequestDecorator {

        Limited(ServerHttpRequest delegate) {
            super(delegate);
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong total = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (total.addAndGet(buffer.readableByteCount()) > MAX_BYTES) {
                    DataBufferUtils.release(buffer);
                    sink.error(tooLarge());
                } else {
                    sink.next(buffer);
                }
            });
        }
    }
}
