using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stocktrail.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndexComponentLinksByProduct : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ComponentLinks_ComponentProductId",
                table: "ComponentLinks",
                column: "ComponentProductId");

            migrationBuilder.CreateIndex(
                name: "IX_ComponentLinks_OutputProductId",
                table: "ComponentLinks",
                column: "OutputProductId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ComponentLinks_ComponentProductId",
                table: "ComponentLinks");

            migrationBuilder.DropIndex(
                name: "IX_ComponentLinks_OutputProductId",
                table: "ComponentLinks");
        }
    }
}
