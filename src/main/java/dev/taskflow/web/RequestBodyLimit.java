package dev.taskflow.web;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBufferLimitException;

/**
 * No request body may exceed 1 MiB, whatever reads it: a declared {@code Content-Length}
 * above the limit is refused before anything is read, and a chunked body fails as soon as
 * it crosses the limit ({@link RequestGuards}). Both end as 413 through
 * {@link ProblemExceptionHandler}. The codecs get the same limit, so a body they buffer
 * is never cut shorter.
 */
@Configuration(proxyBeanMethods = false)
public class RequestBodyLimit {

	public static final int MAX_BYTES = 1024 * 1024;

	@Bean
	CodecCustomizer requestBodyCodecLimit() {
		return configurer -> configurer.defaultCodecs().maxInMemorySize(MAX_BYTES);
	}

	static DataBufferLimitException tooLarge() {
		return new DataBufferLimitException("Request body exceeds " + MAX_BYTES + " bytes");
	}

}
