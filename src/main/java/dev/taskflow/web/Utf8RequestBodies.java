package dev.taskflow.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every request body this API reads is JSON, which must be UTF-8 (RFC 8259, 8.1), and Jackson's decoder does not
 * check that strictly: it reads the overlong {@code 0xC0 0xAF} as '/' and a sequence beyond U+10FFFF as two other
 * characters, so bytes that are not text reached the database as some text nobody sent. The body is checked as it
 * streams in, by whatever reads it, and the first malformed byte ends the request with 400.
 */
@Configuration(proxyBeanMethods = false)
public class Utf8RequestBodies {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 11)
    WebFilter utf8RequestBodyFilter() {
        return (exchange, chain) -> chain.filter(exchange.mutate().request(new Checked(exchange.getRequest())).build());
    }

    private static ProblemException notUtf8() {
        return new ProblemException(HttpStatus.BAD_REQUEST, "The request body is not valid UTF-8.");
    }

    private static final class Checked extends ServerHttpRequestDecorator {

        Checked(ServerHttpRequest delegate) {
            super(delegate);
        }

        @Override
        public Flux<DataBuffer> getBody() {
            Utf8Validator utf8 = new Utf8Validator();
            return super.getBody()
                    .<DataBuffer>handle((buffer, sink) -> {
                        if (utf8.accept(buffer)) {
                            sink.next(buffer);
                        } else {
                            DataBufferUtils.release(buffer);
                            sink.error(notUtf8());
                        }
                    })
                    .concatWith(Mono.defer(() -> utf8.complete() ? Mono.<DataBuffer>empty() : Mono.error(notUtf8())));
        }
    }

    /**
     * Well-formed UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing above U+10FFFF), checked a
     * byte at a time so a sequence may span buffers.
     */
    static final class Utf8Validator {

        private int needed;
        private int lower = 0x80;
        private int upper = 0xBF;

        boolean accept(DataBuffer buffer) {
            for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
                if (!accept(buffer.getByte(i) & 0xFF)) {
                    return false;
                }
            }
            return true;
        }

        boolean accept(int b) {
            if (needed == 0) {
                if (b <= 0x7F) {
                    return true;
                }
                if (b >= 0xC2 && b <= 0xDF) {
                    return expect(1, 0x80, 0xBF);
                }
                if (b >= 0xE0 && b <= 0xEF) {
                    // E0 would be overlong below A0; ED above 9F would encode a surrogate.
                    return expect(2, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
                }
                if (b >= 0xF0 && b <= 0xF4) {
                    // F0 would be overlong below 90; F4 above 8F would pass U+10FFFF.
                    return expect(3, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
                }
                return false;
            }
            if (b < lower || b > upper) {
                return false;
            }
            lower = 0x80;
            upper = 0xBF;
            needed--;
            return true;
        }

        /** True unless the input stopped in the middle of a sequence. */
        boolean complete() {
            return needed == 0;
        }

        private boolean expect(int continuationBytes, int nextLower, int nextUpper) {
            needed = continuationBytes;
            lower = nextLower;
            upper = nextUpper;
            return true;
        }
    }
}
