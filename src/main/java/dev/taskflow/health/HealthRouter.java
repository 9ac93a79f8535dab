package dev.taskflow.health;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

@Configuration(proxyBeanMethods = false)
class HealthRouter {

    @Bean
    RouterFunction<ServerResponse> healthRoutes(HealthHandler handler) {
        return route()
                .GET("/health", handler::health)
                .GET("/health/db", handler::database)
                .GET("/health/pool", handler::pool)
                .build();
    }
}
