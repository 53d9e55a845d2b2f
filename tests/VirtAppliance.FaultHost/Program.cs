using System.Diagnostics;
using VirtAppliance.Deployment;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Deploying;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Fleet.Migration;
using VirtAppliance.Hosts.Probing;

// Deploys as 'virt-appliance deploy DESCRIPTOR --connect URI --name NAME --wait-for TEXT' does, or migrates as
// 'virt-appliance migrate NAME --to URI [--offline]' does, and kills itself with SIGKILL when the work reaches STEP
// (one of DeploymentSteps.All or MigrationSteps.All): what an interrupted command leaves behind.
return args switch
{
    ["migrate", var name, var destination, var mode, var step] => Migrate(name, destination, mode == "offline", step),
    [var uri, var descriptor, var name, var waitFor, var step] => await DeployAsync(uri, descriptor, name, waitFor, step),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: VirtAppliance.FaultHost URI DESCRIPTOR NAME WAIT-FOR STEP\n       VirtAppliance.FaultHost migrate NAME DESTINATION-URI live|offline STEP");
    return 64;
}

static async Task<int> DeployAsync(string uri, string descriptor, string name, string waitFor, string step)
{
    var deployer = new Deployer(StateDirectory.Default(), new ConsoleReporter(), () => KvmProbe.Run()) { StepReached = reached => KillAt(reached, step) };
    var outcome = await deployer.DeployAsync(
        uri,
        new DeployRequest { Appliance = descriptor, Options = new DeployOptions { Name = name }, WaitFor = waitFor, Timeout = TimeSpan.FromSeconds(120) },
        CancellationToken.None);
    return outcome.MarkerSeen == true ? 0 : 75;
}

static int Migrate(string name, string destination, bool offline, string step)
{
    var state = StateDirectory.Default();
    var migrator = new Migrator(state, HypervisorSession.Open) { StepReached = reached => KillAt(reached, step) };
    migrator.Migrate(new InstanceStore(state).Load(name), destination, "default", offline, CancellationToken.None);
    return 0;
}

static void KillAt(string reached, string step)
{
    if (reached == step)
    {
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill();
    }
}

internal sealed class ConsoleReporter : IDeployReporter
{
    public void Say(string message) => Console.WriteLine(message);

    public void Progress(string description, long total, Action<IProgress<long>?> work) => work(null);
}
