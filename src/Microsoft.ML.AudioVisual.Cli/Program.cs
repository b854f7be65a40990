using Microsoft.ML.AudioVisual.Cli;

return AvlApp.Run(args);
