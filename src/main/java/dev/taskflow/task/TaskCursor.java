package dev.taskflow.task;

import dev.taskflow.web.ProblemException;
import dev.taskflow.web.QueryParameters;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a keyset page ends: the sort it was made for and the last task's sort key and id,
 * as base64url JSON. Opaque to clients; it only ever positions a query on the caller's
 * own tasks, and every value in it is bound as a parameter, so a tampered cursor can do
 * no more than a malformed one: 400.
 *
 * @param value the bound form of the sort key ({@code null} for an undated task under
 * {@code dueAt})
 */
record TaskCursor(Object value, long id) {

	static final String PARAMETER = "cursor";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static String after(TaskOrder order, Task last) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("sort", order.parameter());
		content.put("key", order.sort().keyOf(last));
		content.put("id", last.id());
		return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(content));
	}

	static TaskCursor parse(String text, TaskOrder order) {
		JsonNode content;
		try {
			content = JSON.readTree(Base64.getUrlDecoder().decode(text));
		}
		catch (IllegalArgumentException | JacksonException e) {
			throw invalid("Query parameter 'cursor' is not a cursor this API issued.");
		}
		if (content == null || !content.isObject() || !content.path("sort").isString()
				|| !content.path("id").isIntegralNumber() || !content.path("id").canConvertToLong()
				|| !content.has("key")) {
			throw invalid("Query parameter 'cursor' is not a cursor this API issued.");
		}
		if (!content.get("sort").stringValue().equals(order.parameter())) {
			throw invalid("Query parameter 'cursor' was made for sort=" + content.get("sort").stringValue()
					+ ", not sort=" + order.parameter() + "; start again without a cursor.");
		}
		JsonNode key = content.get("key");
		try {
			Object keyValue = key.isString() ? key.stringValue() : key.isNull() ? null : key;
			return new TaskCursor(order.sort().bindable(keyValue), content.get("id").longValue());
		}
		catch (IllegalArgumentException e) {
			throw invalid("Query parameter 'cursor' is not a cursor this API issued.");
		}
	}

	private static ProblemException invalid(String detail) {
		return QueryParameters.invalid(PARAMETER, detail);
	}
}
