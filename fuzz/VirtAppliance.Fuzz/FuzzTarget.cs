namespace VirtAppliance.Fuzz;

/// <summary>
/// One parser under fuzzing: <see cref="Run"/> is given an input's bytes and a scratch folder, and may end only
/// normally or with an exception the toolkit documents for bad input (<see cref="Oracle"/>).
/// </summary>
public sealed record FuzzTarget(string Name, string Parser, Action<byte[], Scratch> Run);
