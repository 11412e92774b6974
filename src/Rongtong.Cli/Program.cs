using System.Text;
using Rongtong.Cli;

Console.OutputEncoding = new UTF8Encoding(false);
return await Cli.MainAsync(args, Console.Out, Console.Error, TimeProvider.System);
