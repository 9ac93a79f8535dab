package dev.taskflow.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /**
     * The HTTP server's event loops belong to this application instead of Reactor Netty's process-wide defaults,
     * so closing one application (tests run several in one JVM) cannot stop another's server.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
