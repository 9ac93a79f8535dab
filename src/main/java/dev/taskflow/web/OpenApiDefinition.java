package dev.taskflow.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API as a whole and its bearer scheme, for the OpenAPI document at
 * {@code /v3/api-docs} and the UI at {@code /docs} (springdoc reads these annotations
 * from a bean).
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Taskflow API", version = "v1", description = OpenApiDefinition.ABOUT))
@SecurityScheme(name = OpenApiDefinition.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
		bearerFormat = "JWT")
public class OpenApiDefinition {

	/**
	 * What holds for every route, so each operation lists only what it adds: how errors
	 * look, and the answers given before any route's own code runs.
	 */
	static final String ABOUT = """
			A task API: accounts and bearer tokens, tasks with tags, paging, bulk changes, and a live feed of \
			changes as server-sent events.

			**Errors.** Every error is `application/problem+json` (the Problem schema): `status`, a `detail` \
			for people, and for some problems a member naming what was wrong (`errors[]` of `{field, message}` \
			for invalid fields, `parameter`, `header`, `maxItems`). The database being unreachable or overloaded \
			is a 503 with Retry-After, never a 500.

			**On every route.** A token that is sent is checked, on open routes too (401 if it is not valid). A \
			header that may be sent once (Authorization, Content-Type, Host, Last-Event-ID) sent twice is 400. A \
			body over 1 MiB is 413, and one still arriving after DB_POOL_TIMEOUT seconds 408. A path no route \
			serves is 404; a method a path does not take is 405 with Allow; HEAD is answered like GET without \
			the body, and OPTIONS with 204 and Allow. The one error without a problem body: a cross-origin \
			request (or preflight) from an Origin not in ALLOWED_ORIGINS is 403 with an empty body.""";

	/** The name operations use to require a bearer token. */
	public static final String BEARER = "bearer";

	private static final Pattern PATTERNED_VARIABLE = Pattern.compile("\\{(\\w+):([^}]+)}");

	private static final List<String> DOCUMENTATION_PATHS = List.of("/v3/api-docs", "/docs", "/swagger-ui",
			"/webjars/");

	/**
	 * Routes may constrain a variable with a pattern ({@code {id:[0-9]+}}); the document
	 * names it plainly ({@code {id}}). springdoc leaves out the parameters of such a
	 * variable, so each is declared here: a required path parameter, an integer where the
	 * pattern admits digits only.
	 */
	@Bean
	OpenApiCustomizer plainPathVariables() {
		return openApi -> {
			if (openApi.getPaths() == null) {
				return;
			}
			Paths plain = new Paths();
			openApi.getPaths().forEach((path, item) -> {
				Matcher variables = PATTERNED_VARIABLE.matcher(path);
				while (variables.find()) {
					Parameter parameter = pathParameter(variables.group(1), variables.group(2));
					item.readOperations().forEach(operation -> declare(operation, parameter));
				}
				plain.addPathItem(PATTERNED_VARIABLE.matcher(path).replaceAll("{$1}"), item);
			});
			openApi.setPaths(plain);
		};
	}

	private static Parameter pathParameter(String name, String pattern) {
		return new PathParameter().name(name)
			.required(true)
			.schema(pattern.equals("[0-9]+") ? new IntegerSchema().format("int64")
					: new StringSchema().pattern(pattern));
	}

	private static void declare(Operation operation, Parameter parameter) {
		boolean declared = operation.getParameters() != null && operation.getParameters()
			.stream()
			.anyMatch(existing -> "path".equals(existing.getIn()) && parameter.getName().equals(existing.getName()));
		if (!declared) {
			operation.addParametersItem(parameter);
		}
	}

	/**
	 * springdoc's routes: the document, the UI and its files, which read files
	 * synchronously.
	 */
	static boolean isDocumentation(String path) {
		for (String prefix : DOCUMENTATION_PATHS) {
			if (path.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
