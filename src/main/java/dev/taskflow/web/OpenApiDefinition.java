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
@OpenAPIDefinition(info = @Info(title = "Taskflow API", version = "v1"))
@SecurityScheme(name = OpenApiDefinition.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
		bearerFormat = "JWT")
public class OpenApiDefinition {

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
