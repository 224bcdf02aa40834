// Error factory (UNTESTED here: Maven Central is not reachable): io.sentry:sentry.
//   SENTRY_DSN=http://key@127.0.0.1:PORT/1 java -jar factory.jar SCENARIO
package factory;

import io.sentry.Sentry;
import io.sentry.protocol.User;

public final class App {
  static int divide(int a, int b) {
    return a / b;
  }

  public static void main(String[] args) {
    Sentry.init(options -> {
      options.setDsn(System.getenv("SENTRY_DSN"));
      options.setRelease("factory@1.0.0");
      options.setEnvironment("factory");
      options.setServerName("factory-host");
    });
    String scenario = args.length == 1 ? args[0] : "";
    switch (scenario) {
      case "captured_exception" -> {
        try { divide(1, 0); } catch (ArithmeticException e) { Sentry.captureException(e); }
      }
      case "captured_message" -> Sentry.captureMessage("hello from factory");
      case "rich_context" -> {
        Sentry.setTag("customer_tier", "gold");
        User user = new User();
        user.setId("42");
        user.setUsername("alice");
        user.setEmail("alice@example.com");
        Sentry.setUser(user);
        Sentry.setExtra("cart_items", "3");
        try { divide(100, 0); } catch (ArithmeticException e) { Sentry.captureException(e); }
      }
      default -> {
        System.err.println("usage: App {captured_exception,captured_message,rich_context}");
        System.exit(2);
      }
    }
    Sentry.close();
  }
}
