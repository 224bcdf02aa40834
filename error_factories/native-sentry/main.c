/* Error factory (UNTESTED here: sentry-native's release sources come from GitHub, not a
 * registry reachable here): sentry-native with the curl transport.
 *   SENTRY_DSN=http://key@127.0.0.1:PORT/1 factory SCENARIO */
#include <sentry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void capture_exception(const char *type, const char *value) {
    sentry_value_t event = sentry_value_new_event();
    sentry_value_t exc = sentry_value_new_exception(type, value);
    sentry_value_set_stacktrace(exc, NULL, 0);
    sentry_event_add_exception(event, exc);
    sentry_capture_event(event);
}

int main(int argc, char **argv) {
    sentry_options_t *options = sentry_options_new();
    sentry_options_set_dsn(options, getenv("SENTRY_DSN"));
    sentry_options_set_release(options, "factory@1.0.0");
    sentry_options_set_environment(options, "factory");
    sentry_options_set_database_path(options, "/tmp/sentry-native-db");
    sentry_init(options);
    const char *scenario = argc == 2 ? argv[1] : "";
    if (strcmp(scenario, "captured_exception") == 0) {
        capture_exception("DivisionError", "Division by zero");
    } else if (strcmp(scenario, "captured_message") == 0) {
        sentry_capture_event(sentry_value_new_message_event(SENTRY_LEVEL_INFO, NULL, "hello from factory"));
    } else if (strcmp(scenario, "rich_context") == 0) {
        sentry_set_tag("customer_tier", "gold");
        sentry_value_t user = sentry_value_new_object();
        sentry_value_set_by_key(user, "id", sentry_value_new_string("42"));
        sentry_value_set_by_key(user, "username", sentry_value_new_string("alice"));
        sentry_value_set_by_key(user, "email", sentry_value_new_string("alice@example.com"));
        sentry_set_user(user);
        sentry_set_extra("cart_items", sentry_value_new_int32(3));
        capture_exception("DivisionError", "Division by zero");
    } else {
        fprintf(stderr, "usage: factory {captured_exception,captured_message,rich_context}\n");
        sentry_close();
        return 2;
    }
    sentry_close();
    return 0;
}
