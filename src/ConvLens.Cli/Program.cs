using Spectre.Console.Cli;
var app = new CommandApp();
app.Configure(c => c.AddCommand<ConvLens.Cli.Commands.ProbeCommand>("probe"));
return app.Run(args);
