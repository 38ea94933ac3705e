using ConvLens.Imaging;
using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;

namespace ConvLens.Tests.Visualize.Attribution.Metrics;

public class GroundTruthBoxesTests
{
    [Fact]
    public void Should_lay_a_photo_box_onto_the_model_input()
    {
        // A 4x4 photo stretched to the 2x2 input: the top-right quadrant box is input pixel (0,1).
        using var model = AttributionFixtures.HandWeighted();
        var boxes = GroundTruthBoxes.ParseCsv("image,class,x1,y1,x2,y2\n# a comment\nphoto.png,3,2,0,4,2\n");

        var region = boxes.Region("/data/photo.png", new ClassLogit(3), new RgbImage(4, 4), model);

        Assert.Equal([false, true, false, false], region!);
    }

    [Fact]
    public void Should_match_rows_by_class_index_or_star_and_merge_them()
    {
        using var model = AttributionFixtures.HandWeighted();
        var boxes = GroundTruthBoxes.ParseCsv("photo,3,2,0,4,2\nphoto,*,0,2,2,4\nother.png,*,0,0,4,4\n");
        var photo = new RgbImage(4, 4);

        Assert.Equal([false, true, true, false], boxes.Region("photo.jpg", new ClassLogit(3), photo, model)!);
        Assert.Equal([false, false, true, false], boxes.Region("photo.jpg", new ClassLogit(4), photo, model)!);
        Assert.Equal([false, false, true, false], boxes.Region("photo.jpg", new TopClass(), photo, model)!);
        Assert.Null(boxes.Region("third.png", new TopClass(), photo, model));
    }

    [Theory]
    [InlineData("a.png,1,5,5,2,9")]
    [InlineData("a.png,1,x,0,2,2")]
    [InlineData("a.png,1,2,3")]
    public void Should_name_the_line_and_the_forms_When_a_row_is_malformed(string row)
    {
        var e = Assert.Throws<ConvLensException>(() => GroundTruthBoxes.ParseCsv(row));

        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("image,class,x1,y1,x2,y2", e.Message, StringComparison.Ordinal);
    }
}
