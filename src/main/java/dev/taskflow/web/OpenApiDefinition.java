package dev.taskflow.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.Paths;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The API as a whole and its bearer scheme, for the OpenAPI document at {@code /v3/api-docs} and the UI at
 * {@code /docs} (springdoc reads these annotations from a bean).
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Taskflow API", version = "v1"))
@SecurityScheme(name = OpenApiDefinition.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class OpenApiDefinition {

    /** The name operations use to require a bearer token. */
    public static final String BEARER = "bearer";

    private static final Pattern PATTERNED_VARIABLE = Pattern.compile("\\{(\\w+):[^}]+}");
    private static final List<String> DOCUMENTATION_PATHS = List.of("/v3/api-docs", "/docs", "/swagger-ui", "/webjars/");

    /** Routes may constrain a variable with a pattern ({@code {id:[0-9]+}}); the document names it plainly ({@code {id}}). */
    @Bean
    OpenApiCustomizer plainPathVariables() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            Paths plain = new Paths();
            openApi.getPaths().forEach((path, item) -> plain.addPathItem(PATTERNED_VARIABLE.matcher(path).replaceAll("{$1}"), item));
            openApi.setPaths(plain);
        };
    }

    /**
     * springdoc builds the document by scanning class files, and the UI is served from a jar: both read files
     * synchronously. Those few requests run on the bounded elastic scheduler so no event-loop thread ever blocks.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 20)
    WebFilter documentationOffTheEventLoop() {
        return (exchange, chain) -> {
            String path = exchange.getRequest().getPath().pathWithinApplication().value();
            return DOCUMENTATION_PATHS.stream().anyMatch(path::startsWith)
                    ? chain.filter(exchange).subscribeOn(Schedulers.boundedElastic())
                    : chain.filter(exchange);
        };
    }
}
