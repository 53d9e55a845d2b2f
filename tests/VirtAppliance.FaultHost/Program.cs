using System.Diagnostics;
using VirtAppliance.Deployment;
using VirtAppliance.Deployment.Deploying;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Hosts.Probing;

// Deploys as 'virt-appliance deploy DESCRIPTOR --connect URI --name NAME --wait-for TEXT' does, and kills itself with
// SIGKILL when the deployment reaches STEP (one of DeploymentSteps.All): what an interrupted deploy leaves behind.
if (args is not [var uri, var descriptor, var name, var waitFor, var step])
{
    Console.Error.WriteLine("usage: VirtAppliance.FaultHost URI DESCRIPTOR NAME WAIT-FOR STEP");
    return 64;
}

var deployer = new Deployer(StateDirectory.Default(), new ConsoleReporter(), () => KvmProbe.Run())
{
    StepReached = reached =>
    {
        if (reached == step)
        {
            Console.Out.Flush();
            Process.GetCurrentProcess().Kill();
        }
    },
};
var outcome = await deployer.DeployAsync(
    uri,
    new DeployRequest { Appliance = descriptor, Options = new DeployOptions { Name = name }, WaitFor = waitFor, Timeout = TimeSpan.FromSeconds(120) },
    CancellationToken.None);
return outcome.MarkerSeen == true ? 0 : 75;

internal sealed class ConsoleReporter : IDeployReporter
{
    public void Say(string message) => Console.WriteLine(message);

    public void Progress(string description, long total, Action<IProgress<long>?> work) => work(null);
}
