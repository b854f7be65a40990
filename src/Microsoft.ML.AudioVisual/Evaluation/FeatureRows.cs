using System.Globalization;

namespace Microsoft.ML.AudioVisual.Evaluation;

/// <summary>Argument checks shared by the evaluation code: rows of equal length holding finite numbers.</summary>
internal static class FeatureRows
{
    /// <summary>Checks every row; returns the common length (from the first row when <paramref name="dimension"/> is negative).</summary>
    public static int Check(float[][] rows, string parameter, int dimension = -1)
    {
        ArgumentNullException.ThrowIfNull(rows, parameter);
        for (int i = 0; i < rows.Length; i++)
        {
            CheckRow(rows[i], parameter, $"{parameter} row {i}", dimension);
            if (dimension < 0) dimension = rows[i].Length;
        }
        return dimension;
    }

    /// <summary>Checks one row: not null, not empty, of <paramref name="dimension"/> values (when not negative), all finite.</summary>
    public static void CheckRow(float[]? row, string parameter, string what, int dimension)
    {
        if (row is null) throw new ArgumentException($"The {what} is null.", parameter);
        if (row.Length == 0) throw new ArgumentException($"The {what} is empty.", parameter);
        if (dimension >= 0 && row.Length != dimension)
            throw new ArgumentException($"The {what} has {row.Length} values but the rows have {dimension}.", parameter);
        for (int j = 0; j < row.Length; j++)
        {
            if (!float.IsFinite(row[j]))
                throw new ArgumentException($"The {what} holds {row[j].ToString(CultureInfo.InvariantCulture)} at position {j}; values must be finite (NaN often means the model diverged).", parameter);
        }
    }
}
