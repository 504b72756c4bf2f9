using Vigil.Application.Output;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Application;

public class OutputFolderTests
{
    [Fact]
    public void A_run_that_does_not_commit_leaves_the_earlier_output_and_no_staging_folder()
    {
        using var dir = new TempDir();
        var target = dir.Combine("out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "train.json"), "good earlier output");
        using (var folder = OutputFolder.Begin(target))
        {
            File.WriteAllText(folder.File("train.json"), "half");
            // the job fails here: no Commit
        }
        Assert.Equal("good earlier output", File.ReadAllText(Path.Combine(target, "train.json")));
        Assert.Equal([target], Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void A_new_folder_appears_whole_and_an_existing_one_gets_the_new_files_beside_others()
    {
        using var dir = new TempDir();
        var target = dir.Combine("new");
        using (var folder = OutputFolder.Begin(target))
        {
            File.WriteAllText(folder.File("a.json"), "1");
            Assert.False(Directory.Exists(target));
            folder.Commit();
        }
        Assert.Equal("1", File.ReadAllText(Path.Combine(target, "a.json")));

        File.WriteAllText(Path.Combine(target, "notes.txt"), "the user's");
        using (var folder = OutputFolder.Begin(target))
        {
            File.WriteAllText(folder.File("a.json"), "2");
            folder.Commit();
        }
        Assert.Equal("2", File.ReadAllText(Path.Combine(target, "a.json")));
        Assert.Equal("the user's", File.ReadAllText(Path.Combine(target, "notes.txt")));
        Assert.Equal([target], Directory.GetDirectories(dir.Path));
    }
}
