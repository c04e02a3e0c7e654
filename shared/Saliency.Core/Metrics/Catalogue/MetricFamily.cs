namespace Saliency.Core.Metrics.Catalogue;

/// <summary>What a metric asks of a map, which decides what it needs and where the report shows it.</summary>
public enum MetricFamily
{
    /// <summary>
    /// Does the map point at the defect (the pointing games): needs the map and the defect mask, no network pass;
    /// one value per normalisation of the sweep (Table 3).
    /// </summary>
    Localisation,

    /// <summary>
    /// Does the map reflect what the model uses (deletion, insertion, ROAD): needs the map, the input, the
    /// classifier and the explained class, and makes forward passes of perturbed inputs; values are computed from
    /// the raw map (no normalisation: they depend only on the order of its pixels).
    /// </summary>
    Faithfulness,

    /// <summary>
    /// Does the map change when the model is destroyed (model randomisation): needs the method that made the map
    /// and re-explains the input on randomised copies of the classifier.
    /// </summary>
    Sanity,
}
