package dev.taskflow.web;

import dev.taskflow.support.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The API contract as a reviewable file: {@code docs/openapi.yaml} must be exactly the
 * running server's {@code /v3/api-docs}, so a change to a route's description shows up in
 * review as a diff of that file. The file is written in a canonical form (YAML, keys
 * sorted, the server's own address replaced by a fixed one), so the same server always
 * gives the same bytes.
 */
class OpenApiContractIntegrationTest {

	static final Path FILE = Path.of("docs", "openapi.yaml");

	static final String REGENERATE = "./mvnw -B -ntp test -Dtest=OpenApiContractIntegrationTest -Dopenapi.write=true";

	/**
	 * The address a reader of the file runs the server at; the served document names the
	 * address it was fetched from, which in a test has a random port.
	 */
	static final String SERVER_URL = "http://localhost:8080";

	/** Kept as the server writes them: a record's fields in their declared order. */
	private static final String PROPERTIES = "properties";

	/**
	 * The document's own sections in the order the OpenAPI specification lists them; all
	 * other keys are sorted.
	 */
	private static final List<String> TOP_LEVEL = List.of("openapi", "info", "servers", "security", "tags", "paths",
			"components");

	private static final String HEADER = """
			# The API contract: the running server's OpenAPI document (/v3/api-docs), written by
			# src/test/java/dev/taskflow/web/OpenApiContractIntegrationTest with keys sorted and the server address fixed.
			# Do not edit by hand: change the route descriptions (*ApiDocs.java), then regenerate with
			#   %s
			"""
		.formatted(REGENERATE);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
		.disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
		.enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
		.enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
		.disable(YAMLGenerator.Feature.SPLIT_LINES)
		.build());

	@Test
	void theCommittedDocumentIsTheRunningServersDocument() throws IOException {
		String served = canonical(TestServer.shared()
			.client()
			.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		assertThat(served).as("the canonical document").contains("/api/v1/tasks/events:", "  schemas:");
		if (Boolean.getBoolean("openapi.write")) {
			Files.writeString(FILE, served, StandardCharsets.UTF_8);
		}
		String committed = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
		if (!committed.equals(served)) {
			fail(difference(committed, served));
		}
	}

	/** The document as the file holds it. */
	static String canonical(byte[] servedJson) throws IOException {
		ObjectNode document = (ObjectNode) JSON.readTree(servedJson);
		ObjectNode server = JsonNodeFactory.instance.objectNode()
			.put("url", SERVER_URL)
			.put("description", "A server on its default port (PORT=8080)");
		document.set("servers", JsonNodeFactory.instance.arrayNode().add(server));
		ObjectNode ordered = JsonNodeFactory.instance.objectNode();
		for (String key : TOP_LEVEL) {
			if (document.has(key)) {
				ordered.set(key, sorted(document.get(key), key));
			}
		}
		for (String key : new TreeSet<>(names(document))) {
			if (!ordered.has(key)) {
				ordered.set(key, sorted(document.get(key), key));
			}
		}
		return HEADER + YAML.writeValueAsString(ordered);
	}

	private static JsonNode sorted(JsonNode node, String name) {
		if (node instanceof ObjectNode object) {
			ObjectNode copy = JsonNodeFactory.instance.objectNode();
			Iterable<String> keys = PROPERTIES.equals(name) ? names(object) : new TreeSet<>(names(object));
			for (String key : keys) {
				copy.set(key, sorted(object.get(key), key));
			}
			return copy;
		}
		if (node instanceof ArrayNode array) {
			ArrayNode copy = JsonNodeFactory.instance.arrayNode();
			array.forEach(item -> copy.add(sorted(item, null)));
			return copy;
		}
		return node;
	}

	private static List<String> names(ObjectNode object) {
		List<String> names = new ArrayList<>();
		object.fieldNames().forEachRemaining(names::add);
		return names;
	}

	/** Where the file and the server part, and how to bring the file up to date. */
	private static String difference(String committed, String served) {
		List<String> expected = committed.lines().toList();
		List<String> actual = served.lines().toList();
		int line = 0;
		while (line < expected.size() && line < actual.size() && expected.get(line).equals(actual.get(line))) {
			line++;
		}
		List<String> report = new ArrayList<>();
		report.add(committed.isEmpty() ? FILE + " is missing or empty."
				: FILE + " differs from the running server's OpenAPI document, first at line " + (line + 1) + ":");
		if (!committed.isEmpty()) {
			report.add("  file:   " + (line < expected.size() ? expected.get(line) : "<end of file>"));
			report.add("  server: " + (line < actual.size() ? actual.get(line) : "<end of document>"));
		}
		report.add("If the API change is intended, regenerate the file and commit it with the change:");
		report.add("  " + REGENERATE);
		return String.join("\n", report);
	}

}
