using VmmAssess.Cli;

return CliApplication.Run(args, Console.Out, Console.Error, TimeProvider.System);
