using SharpFuzz;
using VirtAppliance.Fuzz;

// virt-appliance's fuzzing harness. fuzz/run.sh starts it under afl-fuzz; tests replay saved inputs through it.
//   list                       the targets, one per line: NAME<TAB>what it parses
//   run TARGET                 one afl-fuzz session's target process (SharpFuzz's out-of-process runner)
//   replay TARGET PATH...      each file (or every file of each folder) once; exit 1 if any escapes the oracle
//   seeds TARGET FOLDER        the seeds the harness makes itself (repository and OCI documents, keys)
//   pack IMAGE SEED            an image's non-zero runs, the input shape of the vhd, vhdx and vdi targets
if (args is ["list"])
{
    foreach (var target in FuzzTargets.All)
    {
        Console.WriteLine($"{target.Name}\t{target.Parser}");
    }

    return 0;
}

if (args is ["seeds", var seedTarget, var folder])
{
    return FuzzTargets.Find(seedTarget) is null ? Unknown(seedTarget) : HarnessSeeds.Write(seedTarget, folder) ? 0 : 3;
}

if (args is ["pack", var image, var seed])
{
    File.WriteAllBytes(seed, SparseInput.Pack(File.ReadAllBytes(image)));
    return 0;
}

if (args is ["run", var runTarget])
{
    if (FuzzTargets.Find(runTarget) is not { } target)
    {
        return Unknown(runTarget);
    }

    // Made on the first input: instrumented code (the scratch folder's sweep is in DiskImages) may run only once
    // SharpFuzz has attached afl-fuzz's coverage map.
    Scratch? scratch = null;
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        Oracle.Run(target, buffer.ToArray(), scratch ??= new Scratch());
    });
    scratch?.Dispose();
    return 0;
}

if (args is ["replay", var replayTarget, .. var paths] && paths.Length > 0)
{
    if (FuzzTargets.Find(replayTarget) is not { } target)
    {
        return Unknown(replayTarget);
    }

    using var scratch = new Scratch();
    var escaped = 0;
    var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]).ToList();
    foreach (var file in files)
    {
        try
        {
            Oracle.Run(target, File.ReadAllBytes(file), scratch);
        }
        catch (Exception exception)
        {
            escaped++;
            Console.WriteLine($"{file}: {exception.GetType().FullName}: {exception.Message}");
            Console.WriteLine(exception.StackTrace);
        }
    }

    Console.WriteLine($"{replayTarget}: {files.Count} inputs, {escaped} escaped the oracle");
    return escaped == 0 ? 0 : 1;
}

Console.Error.WriteLine("usage: VirtAppliance.Fuzz list | run TARGET | replay TARGET PATH... | seeds TARGET FOLDER | pack IMAGE SEED");
return 2;

static int Unknown(string name)
{
    Console.Error.WriteLine($"no fuzz target '{name}' (see 'list')");
    return 2;
}
