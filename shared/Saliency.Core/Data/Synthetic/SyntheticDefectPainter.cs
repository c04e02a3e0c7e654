namespace Saliency.Core.Data.Synthetic;

/// <summary>
/// Draws one synthetic defect of a class inside an area, with a look that differs clearly between classes:
/// 1 = a cluster of small dark pits, 2 = thin bright vertical scratches, 3 = a bright mottled blotch,
/// 4 = a large dark region. Each shape is built first and then shaded once, so its mask is exactly the pixels
/// whose grey value changed.
/// </summary>
internal static class SyntheticDefectPainter
{
    public static void Paint(SyntheticCanvas canvas, int classId, PixelRect area, DeterministicRandom random)
    {
        var shape = new bool[area.Width * area.Height];
        void Set(int x, int y)
        {
            if (area.Contains(x, y))
            {
                shape[((y - area.Top) * area.Width) + (x - area.Left)] = true;
            }
        }

        void Disc(double cx, double cy, double rx, double ry, double wobble, double phase)
        {
            double reach = Math.Max(rx, ry) * (1 + wobble);
            for (int y = (int)Math.Floor(cy - reach); y <= (int)Math.Ceiling(cy + reach); y++)
            {
                for (int x = (int)Math.Floor(cx - reach); x <= (int)Math.Ceiling(cx + reach); x++)
                {
                    double u = (x - cx) / rx, v = (y - cy) / ry;
                    double limit = 1 + (wobble * Math.Sin((3 * Math.Atan2(v, u)) + phase));
                    if ((u * u) + (v * v) <= limit * limit)
                    {
                        Set(x, y);
                    }
                }
            }
        }

        double Uniform(double lo, double hi) => lo + ((hi - lo) * random.NextDouble());
        double Centre(int start, int length, double margin) =>
            start + Uniform(Math.Min(margin, length / 2.0), Math.Max(length - margin, length / 2.0));

        float shade;
        double noise;
        switch (classId)
        {
            case 1:
                {
                    double cx = Centre(area.Left, area.Width, 50), cy = Centre(area.Top, area.Height, 50);
                    int pits = random.Next(30, 50);
                    for (int k = 0; k < pits; k++)
                    {
                        double r = Uniform(2.5, 4.5);
                        Disc(cx + (random.NextGaussian() * 26), cy + (random.NextGaussian() * 26), r, r, 0, 0);
                    }

                    shade = -80;
                    noise = 8;
                    break;
                }

            case 2:
                {
                    int scratches = random.Next(2, 4);
                    for (int k = 0; k < scratches; k++)
                    {
                        double x0 = Centre(area.Left, area.Width, 20);
                        int length = random.Next(Math.Min(140, area.Height), Math.Min(230, area.Height) + 1);
                        int top = area.Top + random.Next(0, Math.Max(1, area.Height - length + 1));
                        int width = random.Next(2, 4);
                        double phase = Uniform(0, 2 * Math.PI);
                        for (int y = top; y < top + length; y++)
                        {
                            int x = (int)Math.Round(x0 + (2.5 * Math.Sin((y / 23.0) + phase)));
                            for (int w = 0; w < width; w++)
                            {
                                Set(x + w, y);
                            }
                        }
                    }

                    shade = 90;
                    noise = 8;
                    break;
                }

            case 3:
                {
                    double cx = Centre(area.Left, area.Width, 60), cy = Centre(area.Top, area.Height, 60);
                    int blobs = random.Next(8, 13);
                    for (int k = 0; k < blobs; k++)
                    {
                        Disc(cx + (random.NextGaussian() * 22), cy + (random.NextGaussian() * 22),
                            Uniform(14, 30), Uniform(14, 30), 0.2, Uniform(0, 2 * Math.PI));
                    }

                    shade = 55;
                    noise = 16;
                    break;
                }

            case 4:
                {
                    double cx = Centre(area.Left, area.Width, 90), cy = Centre(area.Top, area.Height, 90);
                    Disc(cx, cy, Uniform(70, 100), Uniform(80, 110), 0.15, Uniform(0, 2 * Math.PI));
                    shade = -70;
                    noise = 5;
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(classId), $"class {classId} is not 1..4");
        }

        for (int y = area.Top; y < area.Bottom; y++)
        {
            for (int x = area.Left; x < area.Right; x++)
            {
                if (shape[((y - area.Top) * area.Width) + (x - area.Left)])
                {
                    canvas.Mark(x, y, shade + (float)(random.NextGaussian() * noise), classId, area);
                }
            }
        }
    }
}
