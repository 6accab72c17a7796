using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stocktrail.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexMovementsByTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_OccurredAt",
                table: "StockMovements",
                column: "OccurredAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockMovements_OccurredAt",
                table: "StockMovements");
        }
    }
}
