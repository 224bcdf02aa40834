<?php
// Error factory (UNTESTED here: Packagist is not reachable): sentry/sentry for PHP.
//   SENTRY_DSN=http://key@127.0.0.1:PORT/1 php app.php SCENARIO
require __DIR__ . '/vendor/autoload.php';

\Sentry\init(['dsn' => getenv('SENTRY_DSN'), 'release' => 'factory@1.0.0', 'environment' => 'factory',
              'server_name' => 'factory-host']);

function divide(int $a, int $b): int {
    if ($b === 0) { throw new InvalidArgumentException('Division by zero'); }
    return intdiv($a, $b);
}

$scenario = $argv[1] ?? '';
switch ($scenario) {
    case 'captured_exception':
        try { divide(1, 0); } catch (Throwable $e) { \Sentry\captureException($e); }
        break;
    case 'captured_message':
        \Sentry\captureMessage('hello from factory');
        break;
    case 'rich_context':
        \Sentry\configureScope(function (\Sentry\State\Scope $scope): void {
            $scope->setTag('customer_tier', 'gold');
            $scope->setUser(['id' => '42', 'username' => 'alice', 'email' => 'alice@example.com']);
            $scope->setExtra('cart_items', 3);
        });
        try { divide(100, 0); } catch (Throwable $e) { \Sentry\captureException($e); }
        break;
    default:
        fwrite(STDERR, "usage: app.php {captured_exception,captured_message,rich_context}\n");
        exit(2);
}
\Sentry\SentrySdk::getCurrentHub()->getClient()->flush();
