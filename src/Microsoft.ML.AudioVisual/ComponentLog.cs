using Microsoft.ML.Runtime;

namespace Microsoft.ML.AudioVisual;

/// <summary>Messages of one component, surfacing in <see cref="MLContext.Log"/>.</summary>
internal sealed class ComponentLog
{
    private readonly IHost _host;
    private readonly string _name;

    public ComponentLog(MLContext context, string name)
    {
        _name = name;
        _host = ((IHostEnvironment)context).Register(name);
    }

    /// <summary>The component name used in log messages.</summary>
    public string Name => _name;

    /// <summary>ML.NET's host for this component (progress channels, seeded random).</summary>
    public IHost Host => _host;

    public void Info(string message)
    {
        using var channel = _host.Start(_name);
        channel.Info(MessageSensitivity.None, message);
    }

    public void Warning(string message)
    {
        using var channel = _host.Start(_name);
        channel.Warning(MessageSensitivity.None, message);
    }
}
