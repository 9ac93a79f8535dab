package dev.taskflow.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A request body checked as it streams in, by whatever reads it:
 * <ul>
 * <li>at most {@link RequestBodyLimit#MAX_BYTES}; the first buffer past it ends the
 * request with 413;</li>
 * <li>well-formed UTF-8. Every body this API reads is JSON, which must be UTF-8 (RFC
 * 8259, 8.1), and Jackson's decoder does not check that strictly: it reads the overlong
 * {@code 0xC0 0xAF} as '/' and a sequence beyond U+10FFFF as two other characters, so
 * bytes that are not text reached the database as some text nobody sent. The first
 * malformed byte ends the request with 400;</li>
 * <li>whether it is still arriving, so that {@link RequestDeadline} can tell a slow
 * client from a slow database. A cancelled read still counts as arriving: the deadline
 * cancels the read before it decides on its answer.</li>
 * </ul>
 */
final class GuardedBody extends ServerHttpRequestDecorator {

	private volatile boolean arriving;

	GuardedBody(ServerHttpRequest delegate) {
		super(delegate);
	}

	boolean arriving() {
		return arriving;
	}

	@Override
	public Flux<DataBuffer> getBody() {
		Utf8Validator utf8 = new Utf8Validator();
		long[] total = new long[1];
		return super.getBody().doOnSubscribe(subscription -> arriving = true)
			.doOnTerminate(() -> arriving = false)
			.<DataBuffer>handle((buffer, sink) -> {
				total[0] += buffer.readableByteCount();
				if (total[0] > RequestBodyLimit.MAX_BYTES) {
					DataBufferUtils.release(buffer);
					sink.error(RequestBodyLimit.tooLarge());
				}
				else if (!utf8.accept(buffer)) {
					DataBufferUtils.release(buffer);
					sink.error(notUtf8());
				}
				else {
					sink.next(buffer);
				}
			})
			.concatWith(Mono.defer(() -> utf8.complete() ? Mono.<DataBuffer>empty() : Mono.error(notUtf8())));
	}

	private static ProblemException notUtf8() {
		return new ProblemException(HttpStatus.BAD_REQUEST, "The request body is not valid UTF-8.");
	}

}
