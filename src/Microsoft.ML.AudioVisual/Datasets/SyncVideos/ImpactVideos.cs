namespace Microsoft.ML.AudioVisual.Datasets;

/// <summary>
/// Impact videos for audio-visual synchronisation: shapes (<see cref="ImpactShape"/>) move at constant speed in a box and
/// make their own sound whenever they hit a wall or each other, starting at the very sample of the frame that shows the
/// hit. Every shape is visible all the time, so only its motion tells when a sound should happen; the timbre tells which
/// shape hit.
/// </summary>
/// <remarks>
/// Motion is simulated frame by frame: a shape that would cross a wall is reflected back into the box on that frame and
/// the hit is that frame's event; two shapes that overlap while approaching exchange their velocity components along the
/// line between their centres (equal masses, elastic). Video <c>i</c> depends only on the seed, <c>i</c> and the options.
/// </remarks>
public static class ImpactVideos
{
    private const ulong Purpose = 0x1A;

    private sealed class Body
    {
        public ImpactShape Shape;
        public double X, Y, Vx, Vy, Radius;
    }

    /// <summary>Generates <paramref name="count"/> grey videos <c>[T, 1, Size, Size]</c> with their hits as events (label: the shape).</summary>
    /// <param name="count">How many videos.</param>
    /// <param name="seed">The seed; the same arguments give the same videos on every machine.</param>
    /// <param name="options">Length, rates, shapes and speeds; null for the defaults.</param>
    public static IReadOnlyList<SyncVideo> Generate(int count, int seed, ImpactVideoOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        options ??= new ImpactVideoOptions();
        options.Validate();
        var videos = new SyncVideo[count];
        Parallel.For(0, count, i => videos[i] = Render(options, seed, i));
        return videos;
    }

    private static SyncVideo Render(ImpactVideoOptions options, int seed, int index)
    {
        var random = Pcg32.ForItem(seed, index, Purpose);
        int size = options.Size, frameCount = options.FrameCount, plane = size * size;
        var bodies = Place(options, ref random);
        var frames = new float[frameCount * plane];
        var audio = options.NewSoundtrack(ref random);
        var events = new List<SyncEvent>();
        for (int frame = 0; frame < frameCount; frame++)
        {
            if (frame > 0)
            {
                var hits = Step(bodies, size);
                foreach (var (body, speed) in hits)
                {
                    events.Add(new SyncEvent(frame, (int)body.Shape));
                    double gain = 0.25 + 0.35 * Math.Min(1, speed / options.MaxSpeed);
                    var sound = ImpactSound.Render(body.Shape, options.SampleRate, gain, ref random);
                    SyncVideoTiming.Mix(audio, sound, (long)Math.Round(frame * options.SampleRate / options.FramesPerSecond, MidpointRounding.AwayFromZero));
                }
            }
            foreach (var body in bodies) Draw(body, frames.AsSpan(frame * plane, plane), size);
        }
        return new SyncVideo(frames, frameCount, 1, size, size, options.FramesPerSecond, audio, options.SampleRate, events, $"impact video {index}");
    }

    private static List<Body> Place(ImpactVideoOptions options, ref Pcg32 random)
    {
        int count = random.NextInt(options.MinShapes, options.MaxShapes + 1);
        var bodies = new List<Body>(count);
        for (int attempt = 0; bodies.Count < count; attempt++)
        {
            if (attempt == 100_000) throw new InvalidOperationException($"Could not place {count} shapes without overlap in a {options.Size}-pixel frame.");
            double radius = random.NextDouble(options.MinRadius, options.MaxRadius);
            double x = random.NextDouble(radius, options.Size - radius), y = random.NextDouble(radius, options.Size - radius);
            double angle = random.NextDouble(0, 2 * Math.PI), speed = random.NextDouble(options.MinSpeed, options.MaxSpeed);
            var shape = (ImpactShape)random.NextInt(3);
            // Options leave room for every shape, so a free place is found quickly.
            if (bodies.Any(b => Math.Sqrt((b.X - x) * (b.X - x) + (b.Y - y) * (b.Y - y)) < b.Radius + radius + 1)) continue;
            bodies.Add(new Body { Shape = shape, X = x, Y = y, Vx = speed * Math.Cos(angle), Vy = speed * Math.Sin(angle), Radius = radius });
        }
        return bodies;
    }

    /// <summary>Moves every body one frame; returns the bodies that hit something, with the speed of the hit.</summary>
    private static List<(Body Body, double Speed)> Step(List<Body> bodies, int size)
    {
        var hits = new List<(Body, double)>();
        foreach (var b in bodies)
        {
            b.X += b.Vx;
            b.Y += b.Vy;
            bool hit = Reflect(ref b.X, ref b.Vx, b.Radius, size) | Reflect(ref b.Y, ref b.Vy, b.Radius, size);
            if (hit) hits.Add((b, Math.Sqrt(b.Vx * b.Vx + b.Vy * b.Vy)));
        }
        for (int i = 0; i < bodies.Count; i++)
            for (int j = i + 1; j < bodies.Count; j++)
            {
                Body a = bodies[i], b = bodies[j];
                double dx = b.X - a.X, dy = b.Y - a.Y, distance = Math.Sqrt(dx * dx + dy * dy);
                if (distance >= a.Radius + b.Radius || distance == 0) continue;
                double nx = dx / distance, ny = dy / distance;
                double approach = (a.Vx - b.Vx) * nx + (a.Vy - b.Vy) * ny;
                if (approach <= 0) continue;
                a.Vx -= approach * nx;
                a.Vy -= approach * ny;
                b.Vx += approach * nx;
                b.Vy += approach * ny;
                hits.Add((a, approach));
                hits.Add((b, approach));
            }
        return hits;
    }

    private static bool Reflect(ref double position, ref double velocity, double radius, int size)
    {
        if (position < radius)
        {
            position = 2 * radius - position;
            velocity = Math.Abs(velocity);
            return true;
        }
        if (position > size - radius)
        {
            position = 2 * (size - radius) - position;
            velocity = -Math.Abs(velocity);
            return true;
        }
        return false;
    }

    private static void Draw(Body body, Span<float> plane, int size)
    {
        int x0 = Math.Max(0, (int)(body.X - body.Radius - 1)), x1 = Math.Min(size - 1, (int)(body.X + body.Radius + 1));
        int y0 = Math.Max(0, (int)(body.Y - body.Radius - 1)), y1 = Math.Min(size - 1, (int)(body.Y + body.Radius + 1));
        double r = body.Radius;
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
            {
                double dx = x + 0.5 - body.X, dy = y + 0.5 - body.Y;
                bool inside = body.Shape switch
                {
                    ImpactShape.Disc => dx * dx + dy * dy <= r * r,
                    ImpactShape.Square => Math.Abs(dx) <= 0.8 * r && Math.Abs(dy) <= 0.8 * r,
                    // Pointing up: apex at (0, -r), base at y = r / 2.
                    _ => dy <= 0.5 * r && dy >= -r && Math.Abs(dx) <= (dy + r) / (1.5 * r) * 0.87 * r,
                };
                if (inside) plane[y * size + x] = 1f;
            }
    }
}
