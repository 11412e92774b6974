using System.CommandLine;
using System.Globalization;
using Rongtong.Domain.Calendar;

namespace Rongtong.Cli;

/// <summary><c>rongtong calendar add-business-days</c> — P11 business-day arithmetic on the official calendar.</summary>
internal static class CalendarCommands
{
    public static Command Build()
    {
        var date = new Option<string>("--date") { Description = "Start date (YYYY-MM-DD)", Required = true };
        var days = new Option<string>("--days") { Description = "Business days to add, N ≥ 0", Required = true };
        var add = new Command("add-business-days", "加工作日 / Add business days (Mon–Fri, minus holidays, plus 调休 working days)") { date, days };
        add.SetAction(parse => Cli.Run(parse, (stdout, _) =>
        {
            var start = CliSupport.ParseDate(parse.GetValue(date), "--date");
            var text = parse.GetValue(days)!;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > BusinessCalendar.MaxDays)
            {
                throw new UsageException($"--days: '{text}' is not a whole number from 0 to {BusinessCalendar.MaxDays}");
            }

            var result = CliSupport.Catalog.Calendar.AddBusinessDays(start, n);
            CliSupport.WriteJson(new Dictionary<string, string> { ["date"] = result.ToText() }, stdout);
            return ExitCodes.Done;
        }));
        var calendar = new Command("calendar", "营业日历 / Business calendar");
        calendar.Subcommands.Add(add);
        return calendar;
    }
}
