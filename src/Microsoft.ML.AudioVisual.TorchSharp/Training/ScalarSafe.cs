using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AudioVisual.Training;

/// <summary>TorchSharp optimizers whose numbers cannot be finalized while libtorch reads them.</summary>
internal static class ScalarSafe
{
    /// <summary>
    /// TorchSharp's Adam, operation for operation (so results and saved optimizer state are the same), except that every
    /// number it hands to libtorch is a <see cref="Scalar"/> held until the call returns.
    /// </summary>
    /// <remarks>
    /// TorchSharp's own step converts its coefficients (betas, eps, step size) into temporary Scalars that nothing keeps
    /// alive during the native call, so a garbage collection can finalize one while libtorch reads it. An 18-minute
    /// separator training died of it in the sixth epoch ("Unknown scalar type" in <c>Adam.step</c>), as trainings did in
    /// BatchNorm's counter before <see cref="Towers.BatchNormalization"/> held its Scalar. AMSGrad and maximize are not
    /// offered (the library uses neither). Named Adam, as TorchSharp's, because saved optimizer state starts with the type's
    /// name: checkpoints written before this class resume into it.
    /// </remarks>
    internal sealed class Adam : TorchSharp.Modules.Adam
    {
        /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
        public Adam(IEnumerable<Parameter> parameters, double learningRate, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
            : base(parameters, learningRate, beta1, beta2, eps, weightDecay)
        {
        }

        /// <inheritdoc />
        public override Tensor step(Func<Tensor>? closure = null) =>
            _step<ParamGroup>(group =>
            {
                var options = (Options)group.Options;
                double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, weightDecay = options.weight_decay!.Value;
                double learningRate = options.LearningRate!.Value;
                using Scalar keep1 = beta1.ToScalar(), add1 = (1 - beta1).ToScalar(), keep2 = beta2.ToScalar(), add2 = (1 - beta2).ToScalar();
                using Scalar eps = options.eps!.Value.ToScalar(), decay = weightDecay.ToScalar();
                foreach (var parameter in group.Parameters)
                {
                    var gradient = parameter.grad;
                    if (gradient is null) continue;
                    var state = (State)_state[parameter.Handle];
                    state.step += 1;
                    double correction1 = 1 - Math.Pow(beta1, state.step), correction2 = 1 - Math.Pow(beta2, state.step);
                    using var scope = NewDisposeScope();
                    if (weightDecay != 0) gradient = gradient.add(parameter, alpha: decay);
                    state.exp_avg.mul_(keep1).add_(gradient, alpha: add1);
                    state.exp_avg_sq.mul_(keep2).addcmul_(gradient, gradient, value: add2);
                    using Scalar root = Math.Sqrt(correction2).ToScalar(), stepSize = (-learningRate / correction1).ToScalar();
                    var denominator = (state.exp_avg_sq.sqrt() / root).add_(eps);
                    parameter.addcdiv_(state.exp_avg, denominator, value: stepSize);
                }
            }, closure);
    }
}
