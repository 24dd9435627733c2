using VmmAssess.Cli;

return CliApplication.Run(args, CliEnvironment.System);
