using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Output;
using VirtAppliance.Descriptors.Reading;

namespace VirtAppliance.Cli.Commands.Validate;

/// <summary><c>validate FILE</c>: every problem of a descriptor with file:line:column; exit 0 valid, 65 not.</summary>
internal sealed class ValidateCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var file = new Argument<string?>("FILE") { Description = "The appliance descriptor (virt-image XML)", Arity = ArgumentArity.ZeroOrOne }.WithFiles(".xml");
        var json = CommonOptions.Json();
        var schema = new Option<bool>("--schema") { Description = "Print the descriptor schema (XSD) shipped with the tool" };
        var command = new Command("validate", "Check an appliance descriptor and report every problem with file:line:column") { file, json, schema };
        CommandAction.Set(command, output, (result, _) => result.GetValue(schema)
            ? new ValidateCommand(output).PrintSchema()
            : new ValidateCommand(output).Run(result.GetValue(file) ?? throw new ArgumentException("FILE is required"), result.GetValue(json)));
        return command;
    }

    public int PrintSchema()
    {
        output.Out.Write(DescriptorReader.SchemaText());
        return ExitCodes.Success;
    }

    public int Run(string file, bool json)
    {
        var result = DescriptorReader.Read(file);
        var valid = !result.HasErrors;
        if (json)
        {
            var problems = result.Problems.Select(p => new ValidateProblem(p.File, p.Line, p.Column, p.IsWarning ? "warning" : "error", p.Message)).ToList();
            output.WriteJson(new ValidateReport(file, valid, result.Descriptor?.SchemaVersion, problems), CliJsonContext.Default.ValidateReport);
        }
        else
        {
            foreach (var problem in result.Problems)
            {
                output.WriteLine(problem.ToString());
            }

            var errors = result.Problems.Count(p => !p.IsWarning);
            output.WriteLine(valid
                ? $"{file}: valid (schema {result.Descriptor!.SchemaVersion}, {result.Descriptor.Boots.Count} variants, {result.Descriptor.Disks.Count} disks)"
                : $"{file}: {Math.Max(1, errors)} error(s)");
        }

        return valid ? ExitCodes.Success : ExitCodes.InvalidData;
    }
}
