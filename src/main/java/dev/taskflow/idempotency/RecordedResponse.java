package dev.taskflow.idempotency;

import java.util.Map;

/**
 * A response as it was first sent, kept so that a retry with the same idempotency key
 * gets exactly the same answer.
 *
 * @param headers the headers that belong to the answer (e.g. {@code Location},
 * {@code ETag}); never hop-by-hop ones
 * @param body the JSON body as sent
 * @param replayed whether this is a stored answer sent again rather than the result of
 * this request
 */
public record RecordedResponse(int status, Map<String, String> headers, String body, boolean replayed) {

	public static RecordedResponse fresh(int status, Map<String, String> headers, String body) {
		return new RecordedResponse(status, headers, body, false);
	}
}
