using VmmAssess.LocalBackend;

// bash scripts/local.sh [--demo] [--port N]           starts the local backend (docs/local-backend.md)
// bash scripts/local.sh token --role R [--tenant T]... prints a development token (or a collector key)
try
{
    var options = LocalOptions.Parse(args);
    return options.Command == "token"
        ? await TokenCommand.RunAsync(options).ConfigureAwait(false)
        : await LocalBackendHost.RunAsync(options).ConfigureAwait(false);
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync("local.sh: " + ex.Message).ConfigureAwait(false);
    await Console.Error.WriteLineAsync(LocalOptions.Usage).ConfigureAwait(false);
    return 2;
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TimeoutException or IOException)
{
    await Console.Error.WriteLineAsync("local.sh: " + ex.Message).ConfigureAwait(false);
    return 1;
}
