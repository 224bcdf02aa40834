// Error factory (UNTESTED here: NuGet is not reachable): the Sentry package for .NET.
//   SENTRY_DSN=http://key@127.0.0.1:PORT/1 dotnet Factory.dll SCENARIO
using Sentry;

static int Divide(int a, int b) => a / b;

using (SentrySdk.Init(o =>
{
    o.Dsn = Environment.GetEnvironmentVariable("SENTRY_DSN");
    o.Release = "factory@1.0.0";
    o.Environment = "factory";
    o.ServerName = "factory-host";
}))
{
    switch (args.Length == 1 ? args[0] : "")
    {
        case "captured_exception":
            try { Divide(1, 0); } catch (DivideByZeroException e) { SentrySdk.CaptureException(e); }
            break;
        case "captured_message":
            SentrySdk.CaptureMessage("hello from factory");
            break;
        case "rich_context":
            SentrySdk.ConfigureScope(scope =>
            {
                scope.SetTag("customer_tier", "gold");
                scope.User = new SentryUser { Id = "42", Username = "alice", Email = "alice@example.com" };
                scope.SetExtra("cart_items", 3);
            });
            try { Divide(100, 0); } catch (DivideByZeroException e) { SentrySdk.CaptureException(e); }
            break;
        default:
            Console.Error.WriteLine("usage: Factory {captured_exception,captured_message,rich_context}");
            return 2;
    }
}
return 0;
