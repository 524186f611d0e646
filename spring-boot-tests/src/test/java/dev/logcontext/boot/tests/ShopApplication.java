package dev.logcontext.boot.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * The application {@link RequestLinesTest} starts twice, in JVMs of its own: as the shop, which
 * calls the second one's {@code /stock} endpoint ({@code shop.downstream}). It writes its port to
 * {@code shop.port-file} once started, and stops when its standard input ends.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class ShopApplication {
  /** Runs until standard input ends. */
  public static void main(String[] args) throws IOException {
    ConfigurableApplicationContext context = SpringApplication.run(ShopApplication.class, args);
    Path portFile = Path.of(context.getEnvironment().getRequiredProperty("shop.port-file"));
    Path written = portFile.resolveSibling(portFile.getFileName() + ".tmp");
    Files.writeString(
        written,
        context.getEnvironment().getRequiredProperty("local.server.port"),
        StandardCharsets.UTF_8);
    Files.move(written, portFile, StandardCopyOption.ATOMIC_MOVE);
    while (System.in.read() != -1) {
      // Runs until the test closes standard input.
    }
    System.exit(SpringApplication.exit(context));
  }

  /** A pool that does not propagate anything: only ContextFutures carries the context there. */
  @Bean(destroyMethod = "shutdown")
  ExecutorService plainPool() {
    return Executors.newFixedThreadPool(2);
  }

  @Bean
  RestClient restClient(RestClient.Builder builder) {
    return builder.build();
  }

  @Bean
  RestTemplate restTemplate(ApplicationContext context) {
    return BootVersions.restTemplate(context);
  }
}
